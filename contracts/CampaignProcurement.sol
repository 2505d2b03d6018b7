// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {ICampaign} from "./interfaces/ICampaign.sol";
import {ICampaignProcurement} from "./interfaces/ICampaignProcurement.sol";
import {IRegistry} from "./interfaces/IRegistry.sol";
import {CampaignArgs} from "./libraries/CampaignArgs.sol";
import {CampaignStorage} from "./libraries/CampaignStorage.sol";

/// @title CampaignProcurement
/// @notice Orders, deliveries and close of every campaign of a deployment. Deployed once; each `Campaign` clone
/// reaches it by DELEGATECALL, so its code runs in the clone's storage (`CampaignStorage`) and reads the clone's
/// parameters from the clone's own code (`CampaignArgs`). Called directly it refuses to run.
///
/// The rules it enforces, each against insiders acting together within their roles:
/// - an order reserves the same fraction of every token's net pledges (`amountUsd / raisedUsd`), so no choice of
///   order or token shifts spending from one donor onto another;
/// - per token, what suppliers were credited beyond what verified deliveries earned (`Book.unbacked`) never
///   exceeds the campaign's advance cap of the token's net pledges, over the campaign's whole life;
/// - units verified before the procurement deadline are always credited: confirmations are recorded while paused,
///   and cancelling or closing credits them first; a suspended supplier's money is held, not taken;
/// - only registered, active verifiers other than the organizer and the order's supplier confirm, by transaction
///   or by EIP-712 signatures (ERC-1271 for contract wallets) that carry a nonce and a deadline.
contract CampaignProcurement is ICampaignProcurement {
    using CampaignStorage for CampaignStorage.Layout;
    using CampaignStorage for CampaignStorage.Book;
    using CampaignStorage for CampaignStorage.OrderSlot;

    /// @dev One crediting step of an order, shared by its tokens: units `paidUnits..verified` of `units`.
    struct Step {
        uint256 orderId;
        uint256 units;
        uint256 paidUnits;
        uint256 verified;
        uint256 raised;
    }

    /// @dev Same values as `Campaign.MAX_ORDERS` and `Campaign.MAX_ORDER_UNITS`.
    uint256 private constant MAX_ORDERS = 100;
    uint256 private constant MAX_ORDER_UNITS = type(uint40).max;

    IRegistry private immutable _REGISTRY;

    /// @dev The module's own address: code running at it is not a campaign.
    address private immutable _SELF;

    /// @param registry_ The deployment's registry (the same the campaign implementation uses).
    constructor(IRegistry registry_) {
        if (address(registry_) == address(0)) revert ICampaign.CampaignZeroAddress();
        _REGISTRY = registry_;
        _SELF = address(this);
    }

    /// @dev Only in a campaign's context (by DELEGATECALL), never on the module's own storage.
    modifier onlyDelegated() {
        if (address(this) == _SELF) revert ICampaign.CampaignNotInitialized();
        _;
    }

    /// @notice The registry the module was deployed for.
    function registry() external view returns (IRegistry) {
        return _REGISTRY;
    }

    // ───────────────────────────── organizer ─────────────────────────────

    /// @inheritdoc ICampaignProcurement
    function createOrder(
        address supplier,
        uint256 amountUsd,
        uint64 units,
        uint40 deliverBy,
        uint16 advanceBps,
        bytes32 termsHash
    ) external override onlyDelegated returns (uint256 orderId) {
        CampaignStorage.Layout storage $ = CampaignStorage.layout();
        $.onlyOrganizer(_REGISTRY);
        uint256 cfg = _validateOrder($, supplier, amountUsd, units, deliverBy, advanceBps);

        CampaignStorage.State storage state = $.state;
        orderId = state.orderCount;
        if (orderId >= MAX_ORDERS) revert ICampaign.CampaignTooManyOrders(MAX_ORDERS);
        // Cannot overflow: orderId < MAX_ORDERS and openOrders <= orderCount.
        state.orderCount = uint8(orderId + 1);
        state.openOrders += 1;

        CampaignStorage.OrderSlot storage o = $.orders[orderId];
        o.supplier = supplier;
        o.deliverBy = deliverBy;
        o.advanceBps = advanceBps;
        o.status = ICampaign.OrderStatus.Placed;
        // Cannot truncate: amountUsd was checked to fit 128 bits.
        o.amountUsd = uint128(amountUsd);
        o.delivery = units;
        o.termsHash = termsHash;
        emit ICampaign.OrderCreated(orderId, supplier, amountUsd, units, deliverBy, advanceBps, termsHash);
        _reserve($, cfg, orderId, amountUsd);
    }

    /// @inheritdoc ICampaignProcurement
    function cancelOrder(uint256 orderId) external override onlyDelegated {
        CampaignStorage.Layout storage $ = CampaignStorage.layout();
        $.onlyOrganizer(_REGISTRY);
        CampaignStorage.OrderSlot storage o = $.existingOrder(orderId);
        ICampaign.OrderStatus orderStatus = o.status;
        if (!_isOpen(orderStatus)) revert ICampaign.CampaignWrongOrderStatus(orderId, orderStatus);
        uint256 cfg = CampaignArgs.config();
        (IRegistry.PartyStatus standing, ) = _REGISTRY.supplierStanding(o.supplier);
        // An accepted order is the supplier's to fulfil until its deliver-by date plus the grace period, unless the
        // vetter suspends the supplier; what was verified is credited either way (see `_settle`).
        if (orderStatus != ICampaign.OrderStatus.Placed && standing == IRegistry.PartyStatus.Active) {
            uint256 cancellableAt = uint256(o.deliverBy) + CampaignArgs.deliveryGracePeriod(cfg);
            if (block.timestamp < cancellableAt) revert ICampaign.CampaignOrderNotExpired(orderId, cancellableAt);
        }
        _settle($, cfg, orderId, o, standing);
    }

    /// @inheritdoc ICampaignProcurement
    function close() external override onlyDelegated {
        CampaignStorage.Layout storage $ = CampaignStorage.layout();
        ICampaign.Status current = $.syncStatus();
        if (current != ICampaign.Status.Procurement) {
            revert ICampaign.CampaignWrongStatus(current, ICampaign.Status.Procurement);
        }
        uint256 cfg = CampaignArgs.config();
        uint256 procurementDeadline = CampaignArgs.procurementDeadline(cfg);
        CampaignStorage.State storage state = $.state;
        if (block.timestamp < procurementDeadline) {
            if (msg.sender != CampaignArgs.organizer()) {
                revert ICampaign.CampaignCloseTooEarly(procurementDeadline, block.timestamp);
            }
            $.onlyOrganizer(_REGISTRY);
            if (state.openOrders != 0) revert ICampaign.CampaignOrdersOpen(state.openOrders, procurementDeadline);
        } else {
            uint256 count = state.orderCount;
            for (uint256 id; id < count && state.openOrders != 0; ++id) {
                CampaignStorage.OrderSlot storage o = $.orders[id];
                if (!_isOpen(o.status)) continue;
                (IRegistry.PartyStatus standing, ) = _REGISTRY.supplierStanding(o.supplier);
                _settle($, cfg, id, o, standing);
            }
        }

        uint256 tokens = CampaignArgs.tokenCount(cfg);
        for (uint256 i; i < tokens; ++i) {
            address token = CampaignArgs.tokenAt(i);
            CampaignStorage.Book storage book = $.books[token];
            uint256 unspent = book.available();
            // Cannot overflow: unspent <= pledged, which fits in 128 bits.
            book.unspentAtClose = uint128(unspent);
            emit ICampaign.UnspentRecorded(token, unspent, book.netPledged());
        }
        state.status = ICampaign.Status.Closed;
        emit ICampaign.CampaignClosed(msg.sender);
        emit ICampaign.StatusChanged(ICampaign.Status.Closed, $.raisedUsd(cfg));
    }

    // ───────────────────────────── suppliers ─────────────────────────────

    /// @inheritdoc ICampaignProcurement
    function acceptOrder(uint256 orderId) external override onlyDelegated {
        CampaignStorage.Layout storage $ = CampaignStorage.layout();
        CampaignStorage.OrderSlot storage o = $.existingOrder(orderId);
        address supplier = o.supplier;
        if (msg.sender != supplier) revert ICampaign.CampaignNotSupplier(orderId, msg.sender, supplier);
        if (o.status != ICampaign.OrderStatus.Placed) revert ICampaign.CampaignWrongOrderStatus(orderId, o.status);
        uint256 cfg = CampaignArgs.config();
        uint256 procurementDeadline = CampaignArgs.procurementDeadline(cfg);
        if (block.timestamp >= procurementDeadline) {
            revert ICampaign.CampaignProcurementEnded(procurementDeadline, block.timestamp);
        }
        // An order accepted after its deliver-by date could only be late: no advance for it.
        if (block.timestamp > o.deliverBy) revert ICampaign.CampaignOrderOverdue(orderId, o.deliverBy);
        _requireVetted(supplier);

        uint64 sequence = $.state.sequence + 1;
        $.state.sequence = sequence;
        o.status = ICampaign.OrderStatus.Accepted;
        o.acceptedAt = sequence;
        emit ICampaign.OrderAccepted(orderId, supplier);
        uint256 advanceBps = o.advanceBps;
        if (advanceBps != 0) {
            o.advancePaid = true;
            _payAdvance($, cfg, orderId, o.amountUsd, advanceBps, supplier);
        }
    }

    /// @inheritdoc ICampaignProcurement
    function markShipped(uint256 orderId, string calldata evidenceURI) external override onlyDelegated {
        CampaignStorage.OrderSlot storage o = CampaignStorage.layout().existingOrder(orderId);
        address supplier = o.supplier;
        if (msg.sender != supplier) revert ICampaign.CampaignNotSupplier(orderId, msg.sender, supplier);
        ICampaign.OrderStatus orderStatus = o.status;
        if (orderStatus != ICampaign.OrderStatus.Accepted && orderStatus != ICampaign.OrderStatus.Shipped) {
            revert ICampaign.CampaignWrongOrderStatus(orderId, orderStatus);
        }
        if (bytes(evidenceURI).length == 0) revert ICampaign.CampaignMissingEvidence();
        o.status = ICampaign.OrderStatus.Shipped;
        emit ICampaign.ShipmentMarked(orderId, supplier, evidenceURI);
    }

    // ───────────────────────────── verifiers ─────────────────────────────

    /// @inheritdoc ICampaignProcurement
    function confirmDelivery(
        uint256 orderId,
        uint64 unitsDelivered,
        bytes32 evidenceHash
    ) external override onlyDelegated {
        CampaignStorage.Layout storage $ = CampaignStorage.layout();
        uint256 cfg = CampaignArgs.config();
        if (evidenceHash == bytes32(0)) revert ICampaign.CampaignMissingEvidence();
        CampaignStorage.OrderSlot storage o = _confirmableOrder($, orderId, cfg);
        uint256 index = _activeVerifier(cfg, msg.sender);
        // A confirmation by transaction is the verifier's latest word: signatures it made before are void.
        _useNonce($.state, index, msg.sender);
        uint256 delivery = _recordConfirmation(
            orderId,
            o.delivery,
            index,
            msg.sender,
            unitsDelivered,
            evidenceHash,
            false
        );
        o.delivery = delivery;
        _release($, cfg, orderId, o, false);
    }

    /// @inheritdoc ICampaignProcurement
    function confirmDeliveryBySig(
        uint256 orderId,
        uint64 unitsDelivered,
        bytes32 evidenceHash,
        SignedConfirmation[] calldata confirmations
    ) external override onlyDelegated {
        CampaignStorage.Layout storage $ = CampaignStorage.layout();
        uint256 cfg = CampaignArgs.config();
        if (confirmations.length == 0) revert ICampaign.CampaignNotEnoughSignatures(0, CampaignArgs.threshold(cfg));
        if (evidenceHash == bytes32(0)) revert ICampaign.CampaignMissingEvidence();
        CampaignStorage.OrderSlot storage o = _confirmableOrder($, orderId, cfg);
        uint256 delivery = o.delivery;
        for (uint256 i; i < confirmations.length; ++i) {
            delivery = _recordSignature($, cfg, orderId, o, delivery, unitsDelivered, evidenceHash, confirmations[i]);
        }
        // The signatures must complete the threshold for this quantity, together with the confirmations
        // verifiers already made (by transaction or signature): a relayed set never leaves it half-done.
        _requireThreshold(delivery, cfg, unitsDelivered);
        o.delivery = delivery;
        _release($, cfg, orderId, o, false);
    }

    /// @inheritdoc ICampaignProcurement
    function cancelSignatures() external override onlyDelegated {
        CampaignStorage.Layout storage $ = CampaignStorage.layout();
        $.requireInitialized();
        (bool found, uint256 index) = CampaignArgs.indexOfVerifier(CampaignArgs.config(), msg.sender);
        if (!found) revert ICampaign.CampaignNotVerifier(msg.sender);
        _useNonce($.state, index, msg.sender);
    }

    /// @inheritdoc ICampaignProcurement
    function releasePayment(uint256 orderId) external override onlyDelegated {
        CampaignStorage.Layout storage $ = CampaignStorage.layout();
        CampaignStorage.OrderSlot storage o = $.existingOrder(orderId);
        ICampaign.OrderStatus orderStatus = o.status;
        if (orderStatus != ICampaign.OrderStatus.Accepted && orderStatus != ICampaign.OrderStatus.Shipped) {
            revert ICampaign.CampaignWrongOrderStatus(orderId, orderStatus);
        }
        // Reverts with `EnforcedPause` while paused: this is the call that moves money after the pause.
        _REGISTRY.activeSupplierStatus(o.supplier);
        _release($, CampaignArgs.config(), orderId, o, true);
    }

    // ───────────────────────────── internal: orders ─────────────────────────────

    function _isOpen(ICampaign.OrderStatus s) private pure returns (bool) {
        return
            s == ICampaign.OrderStatus.Placed ||
            s == ICampaign.OrderStatus.Accepted ||
            s == ICampaign.OrderStatus.Shipped;
    }

    /// @dev Every check `createOrder` makes before it touches storage; returns the parameter word.
    function _validateOrder(
        CampaignStorage.Layout storage $,
        address supplier,
        uint256 amountUsd,
        uint64 units,
        uint40 deliverBy,
        uint16 advanceBps
    ) private returns (uint256 cfg) {
        ICampaign.Status current = $.syncStatus();
        if (current != ICampaign.Status.Procurement) {
            revert ICampaign.CampaignWrongStatus(current, ICampaign.Status.Procurement);
        }
        cfg = CampaignArgs.config();
        uint256 procurementDeadline = CampaignArgs.procurementDeadline(cfg);
        if (block.timestamp >= procurementDeadline) {
            revert ICampaign.CampaignProcurementEnded(procurementDeadline, block.timestamp);
        }
        _requireVetted(supplier);
        (bool isVerifier, ) = CampaignArgs.indexOfVerifier(cfg, supplier);
        if (isVerifier) revert ICampaign.CampaignSupplierIsVerifier(supplier);
        if (amountUsd == 0) revert ICampaign.CampaignZeroAmount();
        if (amountUsd > type(uint128).max) revert ICampaign.CampaignAmountTooLarge(amountUsd);
        if (units == 0 || units > MAX_ORDER_UNITS) revert ICampaign.CampaignInvalidUnits(units);
        uint256 grace = CampaignArgs.deliveryGracePeriod(cfg);
        uint256 latest = procurementDeadline > grace ? procurementDeadline - grace : 0;
        if (deliverBy <= block.timestamp || deliverBy > latest) {
            revert ICampaign.CampaignInvalidDeliverBy(deliverBy, block.timestamp + 1, latest);
        }
        uint256 maxAdvance = CampaignArgs.maxAdvanceBps(cfg);
        if (advanceBps > maxAdvance) revert ICampaign.CampaignAdvanceAboveCap(advanceBps, maxAdvance);
    }

    /// @dev Reserves `amountUsd / raised` of every token's net pledges for order `orderId`.
    function _reserve(CampaignStorage.Layout storage $, uint256 cfg, uint256 orderId, uint256 amountUsd) private {
        uint256 raised = $.raisedUsd(cfg);
        if (amountUsd > raised) revert ICampaign.CampaignOrderAboveRaised(amountUsd, raised);
        uint256 tokens = CampaignArgs.tokenCount(cfg);
        uint256 total;
        for (uint256 i; i < tokens; ++i) {
            address token = CampaignArgs.tokenAt(i);
            CampaignStorage.Book storage book = $.books[token];
            uint256 amount = book.share(amountUsd, raised);
            if (amount == 0) continue;
            uint256 available = book.available();
            if (available < amount) revert ICampaign.CampaignInsufficientFunds(token, available, amount);
            // Cannot overflow: amount <= available <= pledged, which fits in 128 bits.
            book.reserved += uint128(amount);
            total += amount;
            emit ICampaign.OrderReserved(orderId, token, amount);
        }
        // An order so small that it rounds to nothing in every token would buy nothing.
        if (total == 0) revert ICampaign.CampaignZeroAmount();
    }

    /// @dev Credits the advance in every token, within the campaign-wide cap on unbacked advances.
    function _payAdvance(
        CampaignStorage.Layout storage $,
        uint256 cfg,
        uint256 orderId,
        uint256 amountUsd,
        uint256 advanceBps,
        address supplier
    ) private {
        uint256 raised = $.raisedUsd(cfg);
        uint256 tokens = CampaignArgs.tokenCount(cfg);
        for (uint256 i; i < tokens; ++i) {
            address token = CampaignArgs.tokenAt(i);
            CampaignStorage.Book storage book = $.books[token];
            uint256 advance = CampaignStorage.advanceOf(book.share(amountUsd, raised), advanceBps);
            if (advance == 0) continue;
            uint256 unbacked = book.unbacked;
            uint256 cap = book.advanceCap(cfg);
            if (unbacked + advance > cap) revert ICampaign.CampaignAdvanceCapExceeded(token, unbacked, advance, cap);
            // Cannot overflow: unbacked + advance <= cap <= pledged, which fits in 128 bits.
            book.unbacked = uint128(unbacked + advance);
            _credit($, book, token, supplier, advance);
            emit ICampaign.PaymentReleased(orderId, supplier, token, advance, 0, true);
        }
    }

    /// @dev Credits what the verified units earned beyond what was credited, unless paused (then only when
    /// `force`: cancellations and closes never drop verified units). Completes the order once everything is
    /// verified and credited.
    function _release(
        CampaignStorage.Layout storage $,
        uint256 cfg,
        uint256 orderId,
        CampaignStorage.OrderSlot storage o,
        bool requirePayment
    ) private {
        uint256 delivery = o.delivery;
        uint256 verified = CampaignStorage.verifiedUnits(delivery, cfg);
        uint256 paidUnits = o.unitsPaid;
        if (verified <= paidUnits) {
            if (requirePayment) revert ICampaign.CampaignNothingToRelease(orderId);
            return;
        }
        (, bool isPaused) = _REGISTRY.supplierStanding(o.supplier);
        // A pause defers the payment, never the record: releasePayment (or a cancellation or close) pays it later.
        if (isPaused) return;
        _creditVerified($, cfg, orderId, o, delivery & CampaignStorage.UNITS_MASK, paidUnits, verified);
    }

    /// @dev Moves every token's share of units `paidUnits..verified` from reserved to the supplier, and takes
    /// what the advance no longer exceeds off each token's unbacked total. Completes the order when all is verified.
    function _creditVerified(
        CampaignStorage.Layout storage $,
        uint256 cfg,
        uint256 orderId,
        CampaignStorage.OrderSlot storage o,
        uint256 units,
        uint256 paidUnits,
        uint256 verified
    ) private {
        Step memory step = Step(orderId, units, paidUnits, verified, $.raisedUsd(cfg));
        uint256 tokens = CampaignArgs.tokenCount(cfg);
        for (uint256 i; i < tokens; ++i) {
            _creditToken($, o, i, step);
        }
        // Cannot truncate: verified <= units < 2^40.
        o.unitsPaid = uint40(verified);
        if (verified == units) {
            o.status = ICampaign.OrderStatus.Completed;
            $.state.openOrders -= 1;
            emit ICampaign.OrderCompleted(orderId);
        }
    }

    /// @dev `_creditVerified` in token `index`.
    function _creditToken(
        CampaignStorage.Layout storage $,
        CampaignStorage.OrderSlot storage o,
        uint256 index,
        Step memory step
    ) private {
        address token = CampaignArgs.tokenAt(index);
        CampaignStorage.Book storage book = $.books[token];
        uint256 amount = book.share(o.amountUsd, step.raised);
        if (amount == 0) return;
        uint256 dueBefore = Math.mulDiv(amount, step.paidUnits, step.units);
        uint256 dueAfter = Math.mulDiv(amount, step.verified, step.units);
        uint256 advance = o.countedAdvance(amount);
        uint256 paidBefore = Math.max(advance, dueBefore);
        uint256 paidAfter = Math.max(advance, dueAfter);
        // The advance's part that delivery now backs: (paid - due) before, minus (paid - due) after. Cannot
        // underflow: it is part of what accepting this order added to `unbacked`.
        uint256 backed = (paidBefore - dueBefore) - (paidAfter - dueAfter);
        if (backed != 0) book.unbacked -= uint128(backed);
        if (paidAfter == paidBefore) return;
        address supplier = o.supplier;
        _credit($, book, token, supplier, paidAfter - paidBefore);
        emit ICampaign.PaymentReleased(
            step.orderId,
            supplier,
            token,
            paidAfter - paidBefore,
            uint64(step.verified),
            false
        );
    }

    /// @dev Cancels an open order: first credits every verified unit (paused or not, suspended or not), then takes
    /// back the advance a suspended supplier still holds beyond what delivery backs, then returns the unpaid
    /// reservation. An order whose every unit turns out verified completes instead.
    function _settle(
        CampaignStorage.Layout storage $,
        uint256 cfg,
        uint256 orderId,
        CampaignStorage.OrderSlot storage o,
        IRegistry.PartyStatus standing
    ) private {
        uint256 units = o.delivery & CampaignStorage.UNITS_MASK;
        uint256 verified = CampaignStorage.verifiedUnits(o.delivery, cfg);
        if (verified > o.unitsPaid) {
            _creditVerified($, cfg, orderId, o, units, o.unitsPaid, verified);
            if (verified == units) return;
        }
        // The advance is still here, in every token, when the supplier has not withdrawn since it accepted.
        bool reclaim =
            standing == IRegistry.PartyStatus.Suspended && o.advancePaid && $.lastWithdrawal[o.supplier] < o.acceptedAt;
        uint256 raised = $.raisedUsd(cfg);
        uint256 tokens = CampaignArgs.tokenCount(cfg);
        for (uint256 i; i < tokens; ++i) {
            _settleToken($, orderId, o, i, raised, reclaim);
        }
        if (reclaim) o.advanceReclaimed = true;
        o.status = ICampaign.OrderStatus.Cancelled;
        $.state.openOrders -= 1;
        emit ICampaign.OrderCancelled(orderId, msg.sender);
    }

    /// @dev `_settle` in token `index`: returns the unpaid reservation to the pool and, when `reclaim`, the
    /// advance beyond what delivery backs.
    function _settleToken(
        CampaignStorage.Layout storage $,
        uint256 orderId,
        CampaignStorage.OrderSlot storage o,
        uint256 index,
        uint256 raised,
        bool reclaim
    ) private {
        address token = CampaignArgs.tokenAt(index);
        CampaignStorage.Book storage book = $.books[token];
        uint256 amount = book.share(o.amountUsd, raised);
        if (amount == 0) return;
        uint256 due = Math.mulDiv(amount, o.unitsPaid, o.delivery & CampaignStorage.UNITS_MASK);
        uint256 paid = Math.max(o.countedAdvance(amount), due);
        if (amount != paid) {
            // Cannot underflow: the unpaid part of an open order is still reserved.
            book.reserved -= uint128(amount - paid);
            emit ICampaign.ReservationReturned(orderId, token, amount - paid);
        }
        if (reclaim && paid != due) _reclaimAdvance($, orderId, o.supplier, token, book, paid - due);
    }

    /// @dev Takes `unbacked` back from the suspended supplier of cancelled order `orderId` in `token`: the supplier
    /// has not withdrawn since it accepted, so the advance is still in what it is owed.
    function _reclaimAdvance(
        CampaignStorage.Layout storage $,
        uint256 orderId,
        address supplier,
        address token,
        CampaignStorage.Book storage book,
        uint256 unbacked
    ) private {
        // Cannot underflow: the supplier still holds this advance, and it is counted in all three.
        $.owed[supplier][token] -= unbacked;
        book.earned -= uint128(unbacked);
        book.unbacked -= uint128(unbacked);
        emit ICampaign.AdvanceReclaimed(orderId, supplier, token, unbacked);
    }

    /// @dev Moves `amount` from reserved to earned and makes it withdrawable by `supplier`.
    function _credit(
        CampaignStorage.Layout storage $,
        CampaignStorage.Book storage book,
        address token,
        address supplier,
        uint256 amount
    ) private {
        // Cannot overflow or underflow: amount is part of an order's reservation, which fits in 128 bits.
        book.reserved -= uint128(amount);
        book.earned += uint128(amount);
        $.owed[supplier][token] += amount;
    }

    function _requireVetted(address supplier) private view {
        // Reverts while paused.
        IRegistry.PartyStatus standing = _REGISTRY.activeSupplierStatus(supplier);
        if (standing != IRegistry.PartyStatus.Active) revert ICampaign.CampaignSupplierNotVetted(supplier, standing);
    }

    // ───────────────────────────── internal: confirmations ─────────────────────────────

    /// @dev An order that verifiers may confirm: accepted or shipped, before the procurement deadline.
    function _confirmableOrder(
        CampaignStorage.Layout storage $,
        uint256 orderId,
        uint256 cfg
    ) private view returns (CampaignStorage.OrderSlot storage o) {
        o = $.existingOrder(orderId);
        ICampaign.OrderStatus orderStatus = o.status;
        if (orderStatus != ICampaign.OrderStatus.Accepted && orderStatus != ICampaign.OrderStatus.Shipped) {
            revert ICampaign.CampaignWrongOrderStatus(orderId, orderStatus);
        }
        uint256 procurementDeadline = CampaignArgs.procurementDeadline(cfg);
        if (block.timestamp >= procurementDeadline) {
            revert ICampaign.CampaignProcurementEnded(procurementDeadline, block.timestamp);
        }
    }

    /// @dev The index of `verifier` among the campaign's verifiers, once checked that the registry still counts it
    /// as an active verifier. It is neither the organizer (`initialize` refuses that) nor the order's supplier
    /// (`createOrder` refuses a supplier among the verifiers).
    function _activeVerifier(uint256 cfg, address verifier) private view returns (uint256 index) {
        bool found;
        (found, index) = CampaignArgs.indexOfVerifier(cfg, verifier);
        if (!found) revert ICampaign.CampaignNotVerifier(verifier);
        IRegistry.PartyStatus standing = _REGISTRY.verifierStatus(verifier);
        if (standing != IRegistry.PartyStatus.Active)
            revert ICampaign.CampaignVerifierNotRegistered(verifier, standing);
    }

    /// @dev Checks one signed confirmation (an active verifier, before its deadline, signed with its current nonce,
    /// by ECDSA or ERC-1271), uses the nonce and records the confirmation in `delivery`.
    function _recordSignature(
        CampaignStorage.Layout storage $,
        uint256 cfg,
        uint256 orderId,
        CampaignStorage.OrderSlot storage o,
        uint256 delivery,
        uint64 unitsDelivered,
        bytes32 evidenceHash,
        SignedConfirmation calldata c
    ) private returns (uint256) {
        address verifier = c.verifier;
        uint256 index = _activeVerifier(cfg, verifier);
        if (block.timestamp > c.deadline)
            revert ICampaign.CampaignSignatureExpired(verifier, c.deadline, block.timestamp);
        uint256 nonce = CampaignStorage.nonceOf($.state, index);
        bytes32 digest = CampaignStorage.confirmationDigest(
            orderId,
            o,
            unitsDelivered,
            evidenceHash,
            verifier,
            nonce,
            c.deadline
        );
        // ECDSA for EOAs (malleable and malformed signatures refused), ERC-1271 for contract wallets.
        if (!SignatureChecker.isValidSignatureNowCalldata(verifier, digest, c.signature)) {
            revert ICampaign.CampaignInvalidSignature(verifier, nonce);
        }
        _useNonce($.state, index, verifier);
        // A duplicated signer fails here: its confirmation is no longer increasing.
        return _recordConfirmation(orderId, delivery, index, verifier, unitsDelivered, evidenceHash, true);
    }

    /// @dev Advances `verifier`'s nonce (at `index`), voiding every signature it made with the current one.
    function _useNonce(CampaignStorage.State storage state, uint256 index, address verifier) private {
        uint256 shift = CampaignStorage.NONCE_BITS * index;
        uint256 next = CampaignStorage.nonceOf(state, index) + 1;
        // 2^32 - 1 confirmations by one verifier in one campaign: unreachable, but never wrap to an old nonce.
        if (next > type(uint32).max) revert ICampaign.CampaignAmountTooLarge(next);
        uint256 cleared = uint256(state.nonces) & ~(uint256(type(uint32).max) << shift);
        // Cannot truncate: five 32-bit nonces fit in 160 bits.
        state.nonces = uint160(cleared | (next << shift));
        emit ICampaign.NonceUsed(verifier, next);
    }

    /// @dev Records `verifier`'s cumulative confirmation in the packed `delivery` word and returns the new word.
    function _recordConfirmation(
        uint256 orderId,
        uint256 delivery,
        uint256 index,
        address verifier,
        uint64 unitsDelivered,
        bytes32 evidenceHash,
        bool bySignature
    ) private returns (uint256) {
        uint256 orderUnits = delivery & CampaignStorage.UNITS_MASK;
        if (unitsDelivered > orderUnits) {
            revert ICampaign.CampaignUnitsExceedOrder(orderId, unitsDelivered, orderUnits);
        }
        uint256 confirmed = CampaignStorage.confirmationOf(delivery, index);
        if (unitsDelivered <= confirmed) {
            revert ICampaign.CampaignConfirmationNotIncreasing(orderId, verifier, confirmed, unitsDelivered);
        }
        uint256 shift = CampaignStorage.UNITS_BITS * (index + 1);
        delivery = (delivery & ~(CampaignStorage.UNITS_MASK << shift)) | (uint256(unitsDelivered) << shift);
        emit ICampaign.DeliveryConfirmed(orderId, verifier, unitsDelivered, evidenceHash, bySignature);
        return delivery;
    }

    /// @dev Reverts unless `threshold` verifiers have each confirmed at least `units`.
    function _requireThreshold(uint256 delivery, uint256 cfg, uint256 units) private pure {
        uint256 count = CampaignArgs.verifierCount(cfg);
        uint256 threshold = CampaignArgs.threshold(cfg);
        uint256 agreeing;
        for (uint256 i; i < count; ++i) {
            if (CampaignStorage.confirmationOf(delivery, i) >= units) ++agreeing;
        }
        if (agreeing < threshold) revert ICampaign.CampaignNotEnoughSignatures(agreeing, threshold);
    }
}
