// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {RefundEscrow} from "@openzeppelin/contracts-v4/utils/escrow/RefundEscrow.sol";

/// @title PeerRefundSale
/// @notice The peer that `npm run gas` measures Handover's donor operations against, and nothing else: never deployed
/// outside the gas benchmark and its test. The smallest sale on OpenZeppelin 4.9's `RefundEscrow` (the escrow behind
/// OpenZeppelin's `RefundableCrowdsale`, installed under the npm alias contracts-v4): the sale creates and so owns the
/// escrow, a pledge deposits `msg.value` for the sender, the organizer marks the sale failed, and a refund is the
/// escrow's `withdraw(payee)`. No price feed, no token, no deadline, no goal, no totals: the floor of an ETH escrow
/// with refunds, which is what the ratios in reports/gas.md compare against.
contract PeerRefundSale {
    /// @notice The escrow holding every pledge; this sale is its owner.
    RefundEscrow public immutable escrow;

    /// @notice Who may mark the sale failed (the deployer).
    address public immutable organizer;

    /// @notice Thrown when someone other than the organizer marks the sale failed.
    error PeerRefundSaleNotOrganizer(address caller);

    /// @param beneficiary Who would receive the money had the sale succeeded (the escrow requires one).
    constructor(address payable beneficiary) {
        escrow = new RefundEscrow(beneficiary);
        organizer = msg.sender;
    }

    /// @notice Deposits `msg.value` in the escrow for the sender.
    function pledge() external payable {
        escrow.deposit{value: msg.value}(msg.sender);
    }

    /// @notice Marks the sale failed: the escrow refuses deposits and lets every payee be refunded.
    function fail() external {
        if (msg.sender != organizer) revert PeerRefundSaleNotOrganizer(msg.sender);
        escrow.enableRefunds();
    }

    /// @notice Sends `payee` everything it deposited (once refunds are enabled).
    function claimRefund(address payable payee) external {
        escrow.withdraw(payee);
    }
}
