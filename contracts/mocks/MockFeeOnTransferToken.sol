// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title MockFeeOnTransferToken
/// @notice An 18-decimal token that burns a fee on every transfer and transferFrom: the recipient gets
/// `amount - amount * feeBasisPoints / 10_000`. Mints and burns take no fee. Anyone may mint or change
/// the fee (a token that turns a fee on later, as USDT can, is a case worth testing).
contract MockFeeOnTransferToken is ERC20 {
    // --- Errors ---

    /// @notice Thrown when a fee above 100% is set.
    error MockFeeOnTransferTokenFeeTooHigh(uint256 feeBasisPoints);

    // --- Constants ---

    /// @notice The basis-point denominator (100%).
    uint256 public constant BASIS_POINTS = 10_000;

    // --- Storage ---

    /// @notice The fee burned on each transfer, in basis points (100 = 1%).
    uint256 public feeBasisPoints;

    // --- Constructor ---

    /// @notice Creates the token with a fee of `feeBasisPoints_` (100 = 1%).
    constructor(uint256 feeBasisPoints_) ERC20("Fee-on-Transfer Token (mock)", "FOT") {
        _setFee(feeBasisPoints_);
    }

    // --- External transactions ---

    /// @notice Mints `amount` to `to`, without fee. Anyone may call it (local faucet).
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Sets the fee to `feeBasisPoints_` (at most 10_000). Anyone may call it (test mock).
    function setFeeBasisPoints(uint256 feeBasisPoints_) external {
        _setFee(feeBasisPoints_);
    }

    // --- Internal functions ---

    /// @dev Transfers between two accounts pay the fee, burned from the sender.
    function _update(address from, address to, uint256 value) internal override {
        if (from == address(0) || to == address(0)) {
            super._update(from, to, value);
            return;
        }
        uint256 fee = (value * feeBasisPoints) / BASIS_POINTS;
        // Cannot underflow: feeBasisPoints <= BASIS_POINTS, so fee <= value.
        unchecked {
            super._update(from, to, value - fee);
        }
        if (fee != 0) super._update(from, address(0), fee);
    }

    function _setFee(uint256 feeBasisPoints_) private {
        if (feeBasisPoints_ > BASIS_POINTS) revert MockFeeOnTransferTokenFeeTooHigh(feeBasisPoints_);
        feeBasisPoints = feeBasisPoints_;
    }
}
