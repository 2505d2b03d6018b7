// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title MockWBTC
/// @notice A local stand-in for Wrapped BTC: 8 decimals. Anyone may mint (local faucet).
contract MockWBTC is ERC20 {
    /// @notice Creates the token.
    constructor() ERC20("Wrapped BTC (mock)", "WBTC") {}

    /// @notice WBTC has 8 decimals.
    function decimals() public pure override returns (uint8) {
        return 8;
    }

    /// @notice Mints `amount` to `to`. Anyone may call it (local faucet).
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
