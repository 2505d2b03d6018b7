// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title MockDecimalsToken
/// @notice An ERC-20 with any number of decimals (0..255), for valuation fuzzing. Anyone may mint.
/// @dev Lives beside the tests rather than in `contracts/mocks/` because this suite may not edit `contracts/`.
contract MockDecimalsToken is ERC20 {
    uint8 private immutable _DECIMALS;

    constructor(uint8 decimals_) ERC20("Decimals Token (mock)", "DEC") {
        _DECIMALS = decimals_;
    }

    function decimals() public view override returns (uint8) {
        return _DECIMALS;
    }

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
