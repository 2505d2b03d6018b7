// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @title MockUSDC
/// @notice A local stand-in for Circle's USDC: 6 decimals, EIP-2612 permit and a blocklist like
/// USDC's blacklist. Anyone may mint (local faucet).
/// @dev As in USDC, a blocklisted address can neither send, receive, approve, be approved, nor spend
/// an allowance. Differences from the real token: the EIP-712 domain version is "1"
/// (OpenZeppelin's ERC20Permit) where USDC's is "2", and the name differs.
contract MockUSDC is ERC20Permit, Ownable {
    // --- Errors ---

    /// @notice Thrown when a blocklisted `account` takes part in a transfer or an approval.
    error MockUSDCBlocklisted(address account);

    // --- Events ---

    /// @notice Emitted when `account` was blocklisted.
    event Blocklisted(address indexed account);

    /// @notice Emitted when `account` was removed from the blocklist.
    event Unblocklisted(address indexed account);

    // --- Storage ---

    mapping(address account => bool blocklisted) private _blocklisted;

    // --- Constructor ---

    /// @notice Creates the token; the deployer owns the blocklist.
    constructor() ERC20("USD Coin (mock)", "USDC") ERC20Permit("USD Coin (mock)") Ownable(msg.sender) {}

    // --- External views ---

    /// @notice USDC has 6 decimals.
    function decimals() public pure override returns (uint8) {
        return 6;
    }

    /// @notice Whether `account` is blocklisted.
    function isBlocklisted(address account) external view returns (bool) {
        return _blocklisted[account];
    }

    // --- External transactions ---

    /// @notice Mints `amount` to `to`. Anyone may call it (local faucet).
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Blocklists `account`. Owner only.
    function blocklist(address account) external onlyOwner {
        _blocklisted[account] = true;
        emit Blocklisted(account);
    }

    /// @notice Removes `account` from the blocklist. Owner only.
    function unblocklist(address account) external onlyOwner {
        _blocklisted[account] = false;
        emit Unblocklisted(account);
    }

    /// @notice Like ERC-20 `transferFrom`, but the spender must not be blocklisted either (as in USDC).
    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        _revertIfBlocklisted(msg.sender);
        return super.transferFrom(from, to, value);
    }

    // --- Internal functions ---

    /// @dev Covers transfer, transferFrom, mint and burn: neither side may be blocklisted.
    function _update(address from, address to, uint256 value) internal override {
        _revertIfBlocklisted(from);
        _revertIfBlocklisted(to);
        super._update(from, to, value);
    }

    /// @dev Covers approve, permit and allowance spending: neither owner nor spender may be blocklisted.
    function _approve(address owner, address spender, uint256 value, bool emitEvent) internal override {
        _revertIfBlocklisted(owner);
        _revertIfBlocklisted(spender);
        super._approve(owner, spender, value, emitEvent);
    }

    function _revertIfBlocklisted(address account) private view {
        if (_blocklisted[account]) revert MockUSDCBlocklisted(account);
    }
}
