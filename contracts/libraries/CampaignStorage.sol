// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {ICampaign} from "../interfaces/ICampaign.sol";
import {IRegistry} from "../interfaces/IRegistry.sol";
import {CampaignArgs} from "./CampaignArgs.sol";

/// @title CampaignStorage
/// @notice A campaign's storage, at one ERC-7201 namespaced location, and the accounting rules that the
/// `Campaign` implementation and its `CampaignProcurement` module (which runs by DELEGATECALL in the clone's
/// context) both apply. Keeping them here is what makes the two contracts agree on every slot and every number.
/// @custom:storage-location erc7201:handover.storage.Campaign
library CampaignStorage {
    // ───────────────────────────── layout ─────────────────────────────

    /// @dev The one slot most calls read. `nonces` packs each verifier's signature nonce (32 bits, verifier `i` at
    /// bits `32 * i`); `sequence` orders acceptances and withdrawals, so that a cancelled order can tell whether
    /// its advance is still with the campaign (see `Layout.lastWithdrawal`).
    struct State {
        ICampaign.Status status;
        uint8 orderCount;
        uint8 openOrders;
        uint64 sequence;
        uint160 nonces;
    }

    /// @dev One token's books in five slots, grouped by the operations that touch them together. The pledge slot
    /// also carries `fundingClosed`, set in every token's book when the organizer closes funding early, so a pledge
    /// learns that funding is closed from the slot it writes anyway.
    struct Book {
        uint128 pledged; // slot 0: pledge
        uint120 pledgedUsd;
        bool fundingClosed;
        uint128 cancelled; // slot 1: cancel, refund
        uint128 refunded;
        uint128 reserved; // slot 2: orders, payments
        uint128 earned;
        uint128 withdrawn; // slot 3: withdraw, close
        uint128 unspentAtClose;
        uint128 unbacked; // slot 4: advances not backed by verified delivery, all time
    }

    /// @dev A donor's standing pledge of one token.
    struct PledgeSlot {
        uint128 amount;
        uint128 usdValue;
    }

    /// @dev An order in four slots. `delivery` packs the order's units (bits 0-39) and each verifier's cumulative
    /// confirmed units (40 bits each, verifier `i` at bits `40 * (i + 1)`). Token amounts are not stored: an
    /// order's amount in a token is `amountUsd / raisedUsd` of that token's net pledges, which cannot change once
    /// funding has ended, and what was paid follows from `unitsPaid` and the advance.
    struct OrderSlot {
        address supplier; // slot 0
        uint40 deliverBy;
        uint16 advanceBps;
        ICampaign.OrderStatus status;
        bool advancePaid;
        bool advanceReclaimed;
        uint128 amountUsd; // slot 1
        uint40 unitsPaid;
        uint64 acceptedAt; // the `sequence` at acceptance
        uint256 delivery; // slot 2
        bytes32 termsHash; // slot 3
    }

    /// @custom:storage-location erc7201:handover.storage.Campaign
    struct Layout {
        State state;
        mapping(address token => Book) books;
        mapping(address donor => mapping(address token => PledgeSlot)) pledges;
        mapping(address supplier => mapping(address token => uint256)) owed;
        mapping(uint256 orderId => OrderSlot) orders;
        /// @dev The `sequence` of each supplier's last withdrawal. A withdrawal takes every token at once, so an
        /// order accepted after it still has its whole advance here.
        mapping(address supplier => uint64) lastWithdrawal;
    }

    /// @dev keccak256(abi.encode(uint256(keccak256("handover.storage.Campaign")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant LOCATION = 0x13d17eeefc3b063f07db710df05289ae0492e3e565d7b843f78c38e8b809e400;

    // ───────────────────────────── constants ─────────────────────────────

    uint256 internal constant BPS = 10_000;
    uint256 internal constant UNITS_MASK = type(uint40).max;
    uint256 internal constant UNITS_BITS = 40;
    uint256 internal constant NONCE_BITS = 32;
    address internal constant ETH = address(0);

    /// @dev Same value as `Registry.ORGANIZER_ROLE`.
    bytes32 internal constant ORGANIZER_ROLE = keccak256("ORGANIZER_ROLE");

    /// @dev The EIP-712 domain: ("Handover Campaign", "2", chain id, the campaign clone).
    bytes32 internal constant DOMAIN_TYPEHASH = keccak256(
        "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
    );
    string internal constant DOMAIN_NAME = "Handover Campaign";
    string internal constant DOMAIN_VERSION = "2";

    /// @dev What a verifier signs: the order, its supplier and terms, the quantity and evidence, the verifier, its
    /// nonce and a deadline. A signature therefore dies when the verifier confirms again or cancels its nonce.
    bytes32 internal constant CONFIRM_DELIVERY_TYPEHASH = keccak256(
        "ConfirmDelivery(uint256 orderId,address supplier,bytes32 termsHash,uint64 unitsDelivered,bytes32 evidenceHash,address verifier,uint256 nonce,uint256 deadline)"
    );

    function layout() internal pure returns (Layout storage $) {
        // ERC-7201 needs the slot set by hand.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := LOCATION
        }
    }

    // ───────────────────────────── status ─────────────────────────────

    function requireInitialized(Layout storage $) internal view {
        if ($.state.status == ICampaign.Status.Uninitialized) revert ICampaign.CampaignNotInitialized();
    }

    /// @dev Funding ends at the deadline: an all-or-nothing appeal below its goal fails, any other succeeds.
    function currentStatus(
        Layout storage $,
        ICampaign.Status stored,
        uint256 cfg
    ) internal view returns (ICampaign.Status) {
        if (stored != ICampaign.Status.Funding || block.timestamp < CampaignArgs.deadline(cfg)) return stored;
        if (CampaignArgs.allOrNothing(cfg) && raisedUsd($, cfg) < CampaignArgs.goalUsd()) {
            return ICampaign.Status.Failed;
        }
        return ICampaign.Status.Procurement;
    }

    /// @dev Stores the status time has moved the campaign to, so that later calls read it directly.
    function syncStatus(Layout storage $) internal returns (ICampaign.Status current) {
        ICampaign.Status stored = $.state.status;
        if (stored == ICampaign.Status.Uninitialized) revert ICampaign.CampaignNotInitialized();
        uint256 cfg = CampaignArgs.config();
        current = currentStatus($, stored, cfg);
        if (current != stored) {
            $.state.status = current;
            emit ICampaign.StatusChanged(current, raisedUsd($, cfg));
        }
    }

    /// @dev The campaign's own organizer, while the registry still grants it `ORGANIZER_ROLE`.
    function onlyOrganizer(Layout storage $, IRegistry registry) internal view {
        requireInitialized($);
        address organizer = CampaignArgs.organizer();
        if (msg.sender != organizer) revert ICampaign.CampaignNotOrganizer(msg.sender, organizer);
        if (!registry.hasRole(ORGANIZER_ROLE, organizer)) revert ICampaign.CampaignOrganizerRevoked(organizer);
    }

    // ───────────────────────────── money ─────────────────────────────

    /// @dev USD (18 decimals, at pledge time) of every pledge not cancelled: the campaign's pool in one number.
    function raisedUsd(Layout storage $, uint256 cfg) internal view returns (uint256 raised) {
        uint256 tokens = CampaignArgs.tokenCount(cfg);
        for (uint256 i; i < tokens; ++i) {
            raised += $.books[CampaignArgs.tokenAt(i)].pledgedUsd;
        }
    }

    /// @dev Pledges not cancelled. Fixed once funding ends (refunds come after and do not count here).
    function netPledged(Book storage b) internal view returns (uint256) {
        return uint256(b.pledged) - b.cancelled;
    }

    /// @dev Neither reserved, nor owed, nor returned.
    function available(Book storage b) internal view returns (uint256) {
        return uint256(b.pledged) - b.cancelled - b.refunded - b.reserved - b.earned;
    }

    /// @dev The campaign-wide cap on `b.unbacked`: `maxAdvanceBps` of the net pledges.
    function advanceCap(Book storage b, uint256 cfg) internal view returns (uint256) {
        return Math.mulDiv(netPledged(b), CampaignArgs.maxAdvanceBps(cfg), BPS);
    }

    /// @dev An order's amount in one token: `amountUsd / raised` of the token's net pledges, rounded down. Every
    /// token gives the same fraction, so every donor's money is spent in the same proportion.
    function share(Book storage b, uint256 amountUsd, uint256 raised) internal view returns (uint256) {
        return Math.mulDiv(netPledged(b), amountUsd, raised);
    }

    /// @dev What an order with `amount` in a token has been credited in it: its advance (when credited and not
    /// reclaimed) or, once deliveries earn more, `amount * unitsPaid / units`.
    function paidOf(
        uint256 amount,
        uint256 units,
        uint256 unitsPaid,
        uint256 advance
    ) internal pure returns (uint256 paid) {
        paid = Math.mulDiv(amount, unitsPaid, units);
        if (advance > paid) paid = advance;
    }

    /// @dev The advance an order of `amount` pays on acceptance.
    function advanceOf(uint256 amount, uint256 advanceBps) internal pure returns (uint256) {
        return (amount * advanceBps) / BPS;
    }

    /// @dev The advance an order counts in a token where it is worth `amount`: zero when none was credited or it
    /// was reclaimed.
    function countedAdvance(OrderSlot storage o, uint256 amount) internal view returns (uint256) {
        if (!o.advancePaid || o.advanceReclaimed) return 0;
        return advanceOf(amount, o.advanceBps);
    }

    // ───────────────────────────── deliveries ─────────────────────────────

    function confirmationOf(uint256 delivery, uint256 index) internal pure returns (uint256) {
        return (delivery >> (UNITS_BITS * (index + 1))) & UNITS_MASK;
    }

    /// @dev The largest quantity that at least `threshold` verifiers have each confirmed.
    function verifiedUnits(uint256 delivery, uint256 cfg) internal pure returns (uint256 verified) {
        uint256 count = CampaignArgs.verifierCount(cfg);
        uint256 threshold = CampaignArgs.threshold(cfg);
        for (uint256 i; i < count; ++i) {
            uint256 candidate = confirmationOf(delivery, i);
            if (candidate <= verified) continue;
            uint256 agreeing;
            for (uint256 j; j < count; ++j) {
                if (confirmationOf(delivery, j) >= candidate) ++agreeing;
            }
            if (agreeing >= threshold) verified = candidate;
        }
    }

    // ───────────────────────────── signatures ─────────────────────────────

    function nonceOf(State storage state, uint256 index) internal view returns (uint256) {
        return uint32(state.nonces >> (NONCE_BITS * index));
    }

    /// @dev The EIP-712 domain separator of this clone (computed, not cached: the code runs in many clones).
    function domainSeparator() internal view returns (bytes32) {
        return
            keccak256(
                abi.encode(
                    DOMAIN_TYPEHASH,
                    keccak256(bytes(DOMAIN_NAME)),
                    keccak256(bytes(DOMAIN_VERSION)),
                    block.chainid,
                    address(this)
                )
            );
    }

    function confirmationDigest(
        uint256 orderId,
        OrderSlot storage o,
        uint64 unitsDelivered,
        bytes32 evidenceHash,
        address verifier,
        uint256 nonce,
        uint256 deadline
    ) internal view returns (bytes32) {
        bytes32 structHash = keccak256(
            abi.encode(
                CONFIRM_DELIVERY_TYPEHASH,
                orderId,
                o.supplier,
                o.termsHash,
                unitsDelivered,
                evidenceHash,
                verifier,
                nonce,
                deadline
            )
        );
        return MessageHashUtils.toTypedDataHash(domainSeparator(), structHash);
    }

    // ───────────────────────────── orders ─────────────────────────────

    /// @dev Every order ever placed has a status other than `None`, so the order's own first slot tells.
    function existingOrder(Layout storage $, uint256 orderId) internal view returns (OrderSlot storage o) {
        o = $.orders[orderId];
        if (o.status == ICampaign.OrderStatus.None) revert ICampaign.CampaignUnknownOrder(orderId, $.state.orderCount);
    }
}
