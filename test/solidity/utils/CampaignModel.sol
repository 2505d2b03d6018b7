// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ICampaign} from "../../../contracts/interfaces/ICampaign.sol";
import {IRegistry} from "../../../contracts/interfaces/IRegistry.sol";

/// @title CampaignModel
/// @notice An independent re-implementation of the v2 campaign's rules, from the specification (briefing and
/// DESIGN.md), fed by `CampaignHandler` with what each successful call did, and read by the invariant tests.
/// Nothing here reads the campaign: the model's numbers are what the campaign's must equal.
///
/// Rules modelled: funding and status (early close, failure of an all-or-nothing appeal below its goal); pledges
/// valued at pledge time; orders in USD reserving `floor(net_t * amountUsd / raised)` of every token; advances
/// `floor(amount_t * advanceBps / 10,000)` credited on acceptance; payment `max(counted advance, floor(amount_t *
/// unitsPaid / units))`; verified units as the threshold-th highest confirmation; settlement on cancel and close
/// (credit every verified unit, then, for a suspended supplier, take back the unbacked advance if it has withdrawn
/// none of it since it accepted, in every token or in none, then return the rest); pro-rata refunds
/// `floor(unspentAtClose * pledge / net)`.
/// Besides the rules it keeps the ghosts of every movement of money measured on balances by the handler, and units
/// physically delivered (what honest verifiers may confirm).
/// @dev Token index `t`: 0 ETH, 1 USDC, 2 WBTC.
contract CampaignModel {
    /// @notice What the model knows of an order.
    struct GhostOrder {
        address supplier;
        uint256 amountUsd;
        uint256 units;
        uint256 deliverBy;
        uint256 advanceBps;
        bytes32 termsHash;
        ICampaign.OrderStatus status;
        bool advancePaid;
        /// @dev The model's `sequence` at acceptance (acceptances and withdrawals each take the next one).
        uint256 acceptedAt;
        uint256 unitsPaid;
        /// @dev Units physically delivered (what honest verifiers may confirm).
        uint256 delivered;
        /// @dev The order's amount in each token: floor(net_t * amountUsd / raised).
        uint256[3] amount;
        bool[3] reclaimed;
    }

    uint256 private constant BPS = 10_000;

    IRegistry public immutable registry;
    address public immutable handler;
    uint256 public immutable deadline;
    uint256 public immutable procurementDeadline;
    uint256 public immutable gracePeriod;
    uint256 public immutable maxAdvanceBps;
    uint256 public immutable threshold;
    uint256 public immutable goalUsd;
    bool public immutable allOrNothing;
    uint256 public immutable verifierCount;

    // ───────────────────────────── money ─────────────────────────────

    uint256[3] public pledged;
    uint256[3] public pledgedUsd;
    uint256[3] public cancelled;
    uint256[3] public refunded;
    uint256[3] public withdrawn;
    /// @notice Everything that reached the campaign (pledges, forced ETH, donations) and everything that left,
    /// measured on the campaign's balance.
    uint256[3] public inflow;
    uint256[3] public outflow;
    /// @notice Forced ETH and direct token transfers: not pledges, never owed to anyone.
    uint256[3] public unsolicited;
    /// @notice Unspent and net pledged as the model computes them when the campaign closes.
    uint256[3] public unspentAtClose;
    uint256[3] public netAtClose;
    /// @notice Credits to suppliers and advances taken back, as observed on `withdrawable` around each action.
    uint256[3] public creditObserved;
    uint256[3] public reclaimObserved;

    mapping(uint256 t => mapping(address donor => uint256)) public pledgedBy;
    mapping(uint256 t => mapping(address donor => uint256)) public standing;
    mapping(uint256 t => mapping(address donor => uint256)) public standingUsd;
    /// @notice What each donor got back through cancellations and refunds (to itself or to another address).
    mapping(uint256 t => mapping(address donor => uint256)) public returned;
    /// @notice What refunds after close delivered (measured) and what floor(unspent * pledge / net) said.
    mapping(uint256 t => mapping(address donor => uint256)) public refundAfterClose;
    mapping(uint256 t => mapping(address donor => uint256)) public refundExpected;
    /// @notice Money that left the campaign, per recipient, measured on balances.
    mapping(uint256 t => mapping(address recipient => uint256)) public sentTo;
    /// @notice What each supplier is owed, what it withdrew, and the sequence of its last withdrawal.
    mapping(uint256 t => mapping(address supplier => uint256)) public owed;
    mapping(uint256 t => mapping(address supplier => uint256)) public withdrawnBy;
    mapping(uint256 t => mapping(address supplier => uint256)) public lastWithdrawal;

    uint256 public sequence;
    bool public fundingClosed;
    bool public closed;

    GhostOrder[] internal _orders;
    mapping(uint256 orderId => uint256[5] units) internal _confirmed;
    uint256[5] internal _nonces;

    modifier onlyHandler() {
        require(msg.sender == handler, "model: only the handler records");
        _;
    }

    constructor(IRegistry registry_, ICampaign.Params memory p) {
        registry = registry_;
        handler = msg.sender;
        deadline = p.deadline;
        procurementDeadline = p.procurementDeadline;
        gracePeriod = p.deliveryGracePeriod;
        maxAdvanceBps = p.maxAdvanceBps;
        threshold = p.threshold;
        goalUsd = p.goalUsd;
        allOrNothing = p.allOrNothing;
        verifierCount = p.verifiers.length;
    }

    // ───────────────────────────── views: the rules ─────────────────────────────

    function orderCount() external view returns (uint256) {
        return _orders.length;
    }

    function order(uint256 id) external view returns (GhostOrder memory) {
        return _orders[id];
    }

    function supplierOf(uint256 id) external view returns (address) {
        return _orders[id].supplier;
    }

    function statusOf(uint256 id) public view returns (ICampaign.OrderStatus) {
        return _orders[id].status;
    }

    function confirmed(uint256 id, uint256 i) external view returns (uint256) {
        return _confirmed[id][i];
    }

    function nonce(uint256 i) external view returns (uint256) {
        return _nonces[i];
    }

    /// @notice Funding until the deadline (or an early close), then failed (all or nothing below the goal) or
    /// procurement; closed once closed.
    function status() public view returns (ICampaign.Status) {
        if (closed) return ICampaign.Status.Closed;
        if (fundingClosed) return ICampaign.Status.Procurement;
        if (block.timestamp < deadline) return ICampaign.Status.Funding;
        if (allOrNothing && raisedUsd() < goalUsd) return ICampaign.Status.Failed;
        return ICampaign.Status.Procurement;
    }

    function raisedUsd() public view returns (uint256 raised) {
        for (uint256 t; t < 3; ++t) raised += pledgedUsd[t];
    }

    /// @notice Net pledges of token `t` (fixed once funding ended).
    function net(uint256 t) public view returns (uint256) {
        return pledged[t] - cancelled[t];
    }

    /// @notice The campaign-wide advance cap of token `t`: floor(net * maxAdvanceBps / 10,000).
    function cap(uint256 t) public view returns (uint256) {
        return (net(t) * maxAdvanceBps) / BPS;
    }

    /// @notice floor(net_t * amountUsd / raised); net < 2^128 and amountUsd <= raised < 2^120, so it fits.
    function share(uint256 t, uint256 amountUsd) public view returns (uint256) {
        uint256 raised = raisedUsd();
        if (raised == 0) return 0;
        return (net(t) * amountUsd) / raised;
    }

    /// @notice The threshold-th highest confirmation of `id`.
    function verified(uint256 id) public view returns (uint256) {
        uint256 n = verifierCount;
        uint256[] memory sorted = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            uint256 v = _confirmed[id][i];
            uint256 j = i;
            while (j > 0 && sorted[j - 1] < v) {
                sorted[j] = sorted[j - 1];
                --j;
            }
            sorted[j] = v;
        }
        return sorted[threshold - 1];
    }

    /// @notice floor(amount_t * units / orderUnits): what `units` units of the order earn in token `t`.
    function due(uint256 id, uint256 t, uint256 units) public view returns (uint256) {
        GhostOrder storage o = _orders[id];
        // amount < 2^128 and units < 2^40: the product fits.
        return (o.amount[t] * units) / o.units;
    }

    /// @notice floor(amount_t * advanceBps / 10,000).
    function advance(uint256 id, uint256 t) public view returns (uint256) {
        GhostOrder storage o = _orders[id];
        return (o.amount[t] * o.advanceBps) / BPS;
    }

    /// @notice What the order has been credited in token `t`: max(counted advance, due for the units paid).
    function paid(uint256 id, uint256 t) public view returns (uint256 amount) {
        GhostOrder storage o = _orders[id];
        amount = due(id, t, o.unitsPaid);
        if (o.advancePaid && !o.reclaimed[t]) {
            uint256 a = advance(id, t);
            if (a > amount) amount = a;
        }
    }

    /// @notice Credited beyond what the paid units earned, over every order ever placed (cancelled ones too).
    function unbacked(uint256 t) public view returns (uint256 total) {
        for (uint256 id; id < _orders.length; ++id) total += paid(id, t) - due(id, t, _orders[id].unitsPaid);
    }

    function earned(uint256 t) public view returns (uint256 total) {
        for (uint256 id; id < _orders.length; ++id) total += paid(id, t);
    }

    function reserved(uint256 t) public view returns (uint256 total) {
        for (uint256 id; id < _orders.length; ++id) {
            if (isOpen(_orders[id].status)) total += _orders[id].amount[t] - paid(id, t);
        }
    }

    function available(uint256 t) public view returns (uint256) {
        return net(t) - refunded[t] - reserved(t) - earned(t);
    }

    /// @notice The largest USD amount the model is sure an order can reserve: min over tokens of
    /// floor(available * raised / net).
    function unreservedUsd() public view returns (uint256 usd) {
        uint256 raised = raisedUsd();
        usd = raised;
        for (uint256 t; t < 3; ++t) {
            uint256 n = net(t);
            if (n == 0) continue;
            uint256 most = (available(t) * raised) / n;
            if (most < usd) usd = most;
        }
    }

    /// @notice Everything after failure; floor(unspent * pledge / net) after close; nothing otherwise.
    function refundable(address donor, uint256 t) public view returns (uint256) {
        uint256 amount = standing[t][donor];
        if (amount == 0) return 0;
        ICampaign.Status s = status();
        if (s == ICampaign.Status.Failed) return amount;
        if (s != ICampaign.Status.Closed) return 0;
        // unspent <= net < 2^128 and amount < 2^128: the product fits.
        return (unspentAtClose[t] * amount) / netAtClose[t];
    }

    function isOpen(ICampaign.OrderStatus s) public pure returns (bool) {
        return
            s == ICampaign.OrderStatus.Placed ||
            s == ICampaign.OrderStatus.Accepted ||
            s == ICampaign.OrderStatus.Shipped;
    }

    function openOrders() public view returns (uint256 open) {
        for (uint256 id; id < _orders.length; ++id) {
            if (isOpen(_orders[id].status)) ++open;
        }
    }

    /// @notice Every rule `createOrder` applies but the registry's (pause, vetting), which the handler checks.
    function orderAllowed(GhostOrder memory o) external view returns (bool) {
        if (status() != ICampaign.Status.Procurement || block.timestamp >= procurementDeadline) return false;
        if (o.amountUsd == 0 || o.units == 0 || o.units > type(uint40).max) return false;
        if (o.deliverBy <= block.timestamp || o.deliverBy + gracePeriod > procurementDeadline) return false;
        if (o.advanceBps > maxAdvanceBps || _orders.length >= 100) return false;
        if (o.amountUsd > raisedUsd()) return false;
        uint256 total;
        for (uint256 t; t < 3; ++t) {
            uint256 amount = share(t, o.amountUsd);
            if (amount > available(t)) return false;
            total += amount;
        }
        return total != 0;
    }

    /// @notice Whether accepting `id` keeps every token's unbacked total within the campaign-wide cap.
    function withinCap(uint256 id) external view returns (bool) {
        for (uint256 t; t < 3; ++t) {
            uint256 a = advance(id, t);
            if (a != 0 && unbacked(t) + a > cap(t)) return false;
        }
        return true;
    }

    // ───────────────────────────── records: donors ─────────────────────────────

    function recordPledge(uint256 t, address donor, uint256 amount, uint256 usd) external onlyHandler {
        pledgedBy[t][donor] += amount;
        standing[t][donor] += amount;
        standingUsd[t][donor] += usd;
        pledged[t] += amount;
        pledgedUsd[t] += usd;
        inflow[t] += amount;
    }

    function recordCancel(uint256 t, address donor) external onlyHandler returns (uint256 amount) {
        amount = standing[t][donor];
        returned[t][donor] += amount;
        cancelled[t] += amount;
        pledgedUsd[t] -= standingUsd[t][donor];
        standing[t][donor] = 0;
        standingUsd[t][donor] = 0;
    }

    /// @param received What reached the recipient, measured on its balance.
    function recordRefund(uint256 t, address donor, uint256 amount, uint256 received) external onlyHandler {
        if (closed) {
            refundAfterClose[t][donor] += received;
            refundExpected[t][donor] += (unspentAtClose[t] * standing[t][donor]) / netAtClose[t];
        }
        returned[t][donor] += amount;
        refunded[t] += amount;
        standing[t][donor] = 0;
        standingUsd[t][donor] = 0;
    }

    function recordFundingClosed() external onlyHandler {
        fundingClosed = true;
    }

    // ───────────────────────────── records: orders ─────────────────────────────

    function recordOrder(GhostOrder memory o) external onlyHandler returns (uint256 id) {
        for (uint256 t; t < 3; ++t) o.amount[t] = share(t, o.amountUsd);
        o.status = ICampaign.OrderStatus.Placed;
        id = _orders.length;
        _orders.push(o);
    }

    /// @notice Accepted: the advance, if any, is credited in every token.
    function recordAccept(uint256 id) external onlyHandler {
        GhostOrder storage o = _orders[id];
        o.status = ICampaign.OrderStatus.Accepted;
        o.acceptedAt = ++sequence;
        if (o.advanceBps == 0) return;
        o.advancePaid = true;
        for (uint256 t; t < 3; ++t) owed[t][o.supplier] += advance(id, t);
    }

    function recordShipment(uint256 id, uint256 units) external onlyHandler {
        _orders[id].delivered += units;
        _orders[id].status = ICampaign.OrderStatus.Shipped;
    }

    /// @notice A verifier's cumulative confirmation, which uses its nonce.
    function recordConfirmation(uint256 id, uint256 i, uint256 units) external onlyHandler {
        _confirmed[id][i] = units;
        ++_nonces[i];
    }

    function recordNonceUsed(uint256 i) external onlyHandler {
        ++_nonces[i];
    }

    /// @notice Credits every verified unit not yet paid: each token's share of it beyond what the advance covered.
    function creditVerified(uint256 id) public onlyHandler {
        GhostOrder storage o = _orders[id];
        uint256 v = verified(id);
        if (v <= o.unitsPaid) return;
        uint256[3] memory before;
        for (uint256 t; t < 3; ++t) before[t] = paid(id, t);
        o.unitsPaid = v;
        for (uint256 t; t < 3; ++t) owed[t][o.supplier] += paid(id, t) - before[t];
        if (v == o.units) o.status = ICampaign.OrderStatus.Completed;
    }

    /// @notice Cancellation and close: credit every verified unit (paused or not); if that completes the order,
    /// done; otherwise, for a suspended supplier that has withdrawn none of the tokens in which the advance is
    /// unbacked since it accepted, take back that unbacked advance in every token (all tokens or none, so that
    /// every donor keeps the same fraction); the rest of the reservation returns to the pool.
    function settle(uint256 id) public onlyHandler {
        GhostOrder storage o = _orders[id];
        creditVerified(id);
        if (o.status == ICampaign.OrderStatus.Completed) return;
        o.status = ICampaign.OrderStatus.Cancelled;
        if (!o.advancePaid || registry.supplierStatus(o.supplier) != IRegistry.PartyStatus.Suspended) return;
        uint256[3] memory taken;
        for (uint256 t; t < 3; ++t) {
            taken[t] = paid(id, t) - due(id, t, o.unitsPaid);
            if (taken[t] != 0 && lastWithdrawal[t][o.supplier] > o.acceptedAt) return;
        }
        for (uint256 t; t < 3; ++t) {
            if (taken[t] == 0) continue;
            owed[t][o.supplier] -= taken[t];
            o.reclaimed[t] = true;
        }
    }

    /// @notice Close: every open order settled in id order, then what is available is what donors share.
    function recordClose() external onlyHandler {
        for (uint256 id; id < _orders.length; ++id) {
            if (isOpen(_orders[id].status)) settle(id);
        }
        closed = true;
        for (uint256 t; t < 3; ++t) {
            unspentAtClose[t] = available(t);
            netAtClose[t] = net(t);
        }
    }

    // ───────────────────────────── records: money ─────────────────────────────

    function recordWithdrawal(uint256 t, address supplier) external onlyHandler returns (uint256 amount) {
        amount = owed[t][supplier];
        owed[t][supplier] = 0;
        withdrawnBy[t][supplier] += amount;
        withdrawn[t] += amount;
        lastWithdrawal[t][supplier] = ++sequence;
    }

    function recordUnsolicited(uint256 t, uint256 amount) external onlyHandler {
        inflow[t] += amount;
        unsolicited[t] += amount;
    }

    function recordOutflow(uint256 t, address recipient, uint256 amount) external onlyHandler {
        sentTo[t][recipient] += amount;
        outflow[t] += amount;
    }

    function recordObservedCredit(uint256 t, uint256 credit, uint256 reclaim) external onlyHandler {
        creditObserved[t] += credit;
        reclaimObserved[t] += reclaim;
    }
}
