// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title MockFalseToken
/// @notice An 18-decimal token that, like some early ERC-20s, returns `false` instead of reverting
/// when `transfer` or `transferFrom` lacks balance or allowance. With `setFailTransfers(true)` every
/// `transfer` and `transferFrom` returns `false` without moving funds. Anyone may mint or switch it.
contract MockFalseToken is ERC20 {
    // --- Storage ---

    /// @notice Whether every transfer returns false without moving funds.
    bool public failTransfers;

    // --- Constructor ---

    /// @notice Creates the token.
    constructor() ERC20("False Token (mock)", "FALSE") {}

    // --- External transactions ---

    /// @notice Mints `amount` to `to`. Anyone may call it (local faucet).
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Makes every transfer return false without moving funds (`true`), or behave normally.
    function setFailTransfers(bool fail) external {
        failTransfers = fail;
    }

    /// @notice Like ERC-20 `transfer`, but returns false (and moves nothing) when the balance is short
    /// or transfers are switched to fail.
    function transfer(address to, uint256 value) public override returns (bool) {
        if (failTransfers || balanceOf(msg.sender) < value) return false;
        return super.transfer(to, value);
    }

    /// @notice Like ERC-20 `transferFrom`, but returns false (and moves nothing) when the balance or the
    /// allowance is short or transfers are switched to fail.
    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        if (failTransfers || balanceOf(from) < value || allowance(from, msg.sender) < value) return false;
        return super.transferFrom(from, to, value);
    }
}
