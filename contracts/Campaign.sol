// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Initializable} from "@openzeppelin/contracts/proxy/utils/Initializable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {ICampaign} from "./interfaces/ICampaign.sol";
import {IRegistry} from "./interfaces/IRegistry.sol";
import {CampaignArgs} from "./libraries/CampaignArgs.sol";

/// @title Campaign
/// @notice One appeal's money, from pledge to verified payout or refund. Deployed once as an implementation;
/// every appeal is an EIP-1167 clone of it whose fixed parameters live in the clone's code (see `CampaignArgs`).
/// @dev Money leaves only by pull (`cancelPledge`, `claimRefund`, `withdraw`), after checks and effects, under a
/// transient reentrancy guard. Nothing reads `address(this).balance` or a token balance as the truth.
contract Campaign is ICampaign, Initializable, EIP712, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    // ───────────────────────────── types ─────────────────────────────

    /// @dev The one slot every pledge reads.
    struct State {
        Status status;
        uint32 orderCount;
        uint32 openOrders;
    }

    /// @dev One token's books in four slots, grouped by the operations that touch them together. The pledge
    /// slot also carries `fundingClosed`, set in every token's book when the organizer closes funding early, so a
    /// pledge learns that funding is closed from the slot it writes anyway.
    struct Book {
        uint128 pledged; // slot 0: pledge
        uint120 pledgedUsd;
        bool fundingClosed;
        uint128 cancelled; // slot 1: cancel, refund
        uint128 refunded;
        uint128 reserved; // slot 2: orders, releases
        uint128 earned;
        uint128 withdrawn; // slot 3: withdraw, close
        uint128 unspentAtClose;
    }

    /// @dev A donor's standing pledge of one token.
    struct PledgeSlot {
        uint128 amount;
        uint128 usdValue;
    }

    /// @dev An order in four slots. `delivery` packs the order's units (bits 0-39) and each verifier's
    /// cumulative confirmed units (40 bits each, verifier `i` at bits `40 * (i + 1)`).
    struct OrderSlot {
        address supplier;
        uint40 deliverBy;
        uint16 advanceBps;
        OrderStatus status;
        uint8 tokenIndex;
        uint128 amount;
        uint128 paid;
        uint256 delivery;
        bytes32 termsHash;
    }

    // ───────────────────────────── constants ─────────────────────────────

    /// @notice The EIP-712 type a verifier signs to confirm a delivery.
    bytes32 public constant CONFIRM_DELIVERY_TYPEHASH = keccak256(
        "ConfirmDelivery(uint256 orderId,uint64 unitsDelivered,bytes32 evidenceHash)"
    );

    /// @dev Same value as `Registry.ORGANIZER_ROLE`.
    bytes32 private constant ORGANIZER_ROLE = keccak256("ORGANIZER_ROLE");

    /// @notice The most orders one campaign may hold (bounds the loop in `close`).
    uint256 public constant MAX_ORDERS = 100;

    /// @notice The most units one order may buy (they are packed in 40 bits).
    uint256 public constant MAX_ORDER_UNITS = type(uint40).max;

    uint256 private constant BPS = 10_000;
    uint256 private constant UNITS_MASK = type(uint40).max;
    uint256 private constant UNITS_BITS = 40;
    address private constant ETH = address(0);

    // ───────────────────────────── immutables ─────────────────────────────

    /// @dev Lives in the implementation's code, so every clone reads it without a storage read.
    IRegistry private immutable _REGISTRY;

    /// @dev The implementation's own address: code running at it is not a campaign.
    address private immutable _SELF;

    // ───────────────────────────── storage ─────────────────────────────

    State private _state;
    mapping(address token => Book) private _books;
    mapping(address donor => mapping(address token => PledgeSlot)) private _pledges;
    mapping(address supplier => mapping(address token => uint256)) private _withdrawable;
    mapping(uint256 orderId => OrderSlot) private _orders;

    // ───────────────────────────── constructor / initializer ─────────────────────────────

    /// @param registry_ The deployment's registry, shared by every clone.
    constructor(IRegistry registry_) EIP712("Handover Campaign", "1") {
        if (address(registry_) == address(0)) revert CampaignZeroAddress();
        _REGISTRY = registry_;
        _SELF = address(this);
        _disableInitializers();
    }

    /// @inheritdoc ICampaign
    function initialize() external override initializer {
        (address organizer_, Params memory p) = CampaignArgs.decode();
        if (organizer_ == address(0) || p.beneficiary == address(0)) revert CampaignZeroAddress();
        if (p.goalUsd == 0 || p.targetUnits == 0) revert CampaignInvalidGoal(p.goalUsd, p.targetUnits);
        if (p.deadline <= block.timestamp) revert CampaignInvalidDeadline(p.deadline, block.timestamp);
        if (p.procurementDeadline <= p.deadline) {
            revert CampaignInvalidProcurementDeadline(p.procurementDeadline, p.deadline);
        }
        if (p.maxAdvanceBps > BPS) revert CampaignInvalidAdvanceCap(p.maxAdvanceBps);
        for (uint256 i; i < p.tokens.length; ++i) {
            address token = p.tokens[i];
            if (!_REGISTRY.isAcceptedToken(token)) revert CampaignTokenNotAccepted(token);
            for (uint256 j; j < i; ++j) {
                if (p.tokens[j] == token) revert CampaignDuplicateToken(token);
            }
        }
        for (uint256 i; i < p.verifiers.length; ++i) {
            address verifier = p.verifiers[i];
            if (verifier == address(0)) revert CampaignZeroAddress();
            for (uint256 j; j < i; ++j) {
                if (p.verifiers[j] == verifier) revert CampaignDuplicateVerifier(verifier);
            }
        }
        _state.status = Status.Funding;
    }

    // ───────────────────────────── external views ─────────────────────────────

    /// @inheritdoc ICampaign
    function registry() external view override returns (IRegistry) {
        return _REGISTRY;
    }

    /// @inheritdoc ICampaign
    function organizer() external view override returns (address) {
        _requireInitialized();
        return CampaignArgs.organizer();
    }

    /// @inheritdoc ICampaign
    function params() external view override returns (Params memory p) {
        _requireInitialized();
        (, p) = CampaignArgs.decode();
    }

    /// @inheritdoc ICampaign
    function status() external view override returns (Status) {
        return _currentStatus(_state.status, CampaignArgs.config());
    }

    /// @inheritdoc ICampaign
    function raisedUsd() external view override returns (uint256) {
        _requireInitialized();
        return _raisedUsd(CampaignArgs.config());
    }

    /// @inheritdoc ICampaign
    function isVerifier(address account) external view override returns (bool found) {
        _requireInitialized();
        (found, ) = CampaignArgs.indexOfVerifier(CampaignArgs.config(), account);
    }

    /// @inheritdoc ICampaign
    function pledgeOf(address donor, address token) external view override returns (uint256, uint256) {
        PledgeSlot memory p = _pledges[donor][token];
        return (p.amount, p.usdValue);
    }

    /// @inheritdoc ICampaign
    function refundable(address donor, address token) external view override returns (uint256) {
        return _refundable(_currentStatus(_state.status, CampaignArgs.config()), donor, token);
    }

    /// @inheritdoc ICampaign
    function withdrawable(address supplier, address token) external view override returns (uint256) {
        return _withdrawable[supplier][token];
    }

    /// @inheritdoc ICampaign
    function ledger(address token) external view override returns (Ledger memory books) {
        Book storage b = _books[token];
        books.pledged = b.pledged;
        books.cancelled = b.cancelled;
        books.refunded = b.refunded;
        books.reserved = b.reserved;
        books.earned = b.earned;
        books.withdrawn = b.withdrawn;
        books.available = _available(b);
        books.pledgedUsd = b.pledgedUsd;
        books.unspentAtClose = b.unspentAtClose;
    }

    /// @inheritdoc ICampaign
    function order(uint256 orderId) external view override returns (Order memory o) {
        OrderSlot storage slot = _existingOrder(orderId);
        uint256 cfg = CampaignArgs.config();
        uint256 delivery = slot.delivery;
        o.supplier = slot.supplier;
        o.token = CampaignArgs.tokenAt(slot.tokenIndex);
        o.amount = slot.amount;
        o.paid = slot.paid;
        o.units = uint64(delivery & UNITS_MASK);
        o.unitsVerified = uint64(_verifiedUnits(delivery, cfg));
        o.deliverBy = slot.deliverBy;
        o.advanceBps = slot.advanceBps;
        o.status = slot.status;
        o.termsHash = slot.termsHash;
    }

    /// @inheritdoc ICampaign
    function orderCount() external view override returns (uint256) {
        return _state.orderCount;
    }

    /// @inheritdoc ICampaign
    function openOrderCount() external view override returns (uint256) {
        return _state.openOrders;
    }

    /// @inheritdoc ICampaign
    function confirmedUnits(uint256 orderId, address verifier) external view override returns (uint64) {
        uint256 delivery = _existingOrder(orderId).delivery;
        (bool found, uint256 index) = CampaignArgs.indexOfVerifier(CampaignArgs.config(), verifier);
        if (!found) revert CampaignNotVerifier(verifier);
        return uint64(_confirmationOf(delivery, index));
    }

    /// @inheritdoc ICampaign
    function confirmationDigest(
        uint256 orderId,
        uint64 unitsDelivered,
        bytes32 evidenceHash
    ) public view override returns (bytes32) {
        return
            _hashTypedDataV4(keccak256(abi.encode(CONFIRM_DELIVERY_TYPEHASH, orderId, unitsDelivered, evidenceHash)));
    }

    // ───────────────────────────── donors ─────────────────────────────

    /// @inheritdoc ICampaign
    function pledgeETH() external payable override {
        _checkPledge(ETH, msg.value);
        _recordPledge(msg.sender, ETH, msg.value);
    }

    /// @inheritdoc ICampaign
    function pledge(address token, uint256 amount) external override nonReentrant {
        _pledgeToken(token, amount);
    }

    /// @inheritdoc ICampaign
    function pledgeWithPermit(
        address token,
        uint256 amount,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external override nonReentrant {
        // A permit front-run by someone else (or already used) fails here, but the allowance it set is there:
        // the transfer below is the real check.
        try IERC20Permit(token).permit(msg.sender, address(this), amount, deadline, v, r, s) {} catch {}
        _pledgeToken(token, amount);
    }

    /// @inheritdoc ICampaign
    function cancelPledge(address token) external override nonReentrant {
        Status stored = _state.status;
        if (stored == Status.Uninitialized) revert CampaignNotInitialized();
        uint256 cfg = CampaignArgs.config();
        uint256 deadline = CampaignArgs.deadline(cfg);
        if (stored != Status.Funding) revert CampaignWrongStatus(stored, Status.Funding);
        if (block.timestamp >= deadline) revert CampaignFundingEnded(deadline, block.timestamp);
        PledgeSlot memory p = _pledges[msg.sender][token];
        if (p.amount == 0) revert CampaignNoPledge(msg.sender, token);

        delete _pledges[msg.sender][token];
        Book storage book = _books[token];
        // Cannot truncate: a donor's USD value never exceeds the book's, which fits in 120 bits.
        book.pledgedUsd -= uint120(p.usdValue);
        book.cancelled += p.amount;
        emit PledgeCancelled(msg.sender, token, p.amount, p.usdValue);

        _send(token, msg.sender, p.amount);
    }

    /// @inheritdoc ICampaign
    function claimRefund(address token) external override nonReentrant {
        _claimRefund(token, msg.sender);
    }

    /// @inheritdoc ICampaign
    function claimRefundTo(address token, address to) external override nonReentrant {
        if (to == address(0)) revert CampaignZeroAddress();
        _claimRefund(token, to);
    }

    // ───────────────────────────── organizer ─────────────────────────────

    /// @inheritdoc ICampaign
    function closeFunding() external override {
        _onlyOrganizer();
        Status stored = _state.status;
        if (stored != Status.Funding) revert CampaignWrongStatus(stored, Status.Funding);
        uint256 cfg = CampaignArgs.config();
        uint256 deadline = CampaignArgs.deadline(cfg);
        if (block.timestamp >= deadline) revert CampaignFundingEnded(deadline, block.timestamp);
        uint256 raised = _raisedUsd(cfg);
        uint256 goal = CampaignArgs.goalUsd();
        if (raised < goal) revert CampaignGoalNotReached(raised, goal);

        _state.status = Status.Procurement;
        uint256 tokens = CampaignArgs.tokenCount(cfg);
        for (uint256 i; i < tokens; ++i) {
            _books[CampaignArgs.tokenAt(i)].fundingClosed = true;
        }
        emit FundingClosed(msg.sender, raised);
        emit StatusChanged(Status.Procurement, raised);
    }

    /// @inheritdoc ICampaign
    function createOrder(
        address supplier,
        address token,
        uint256 amount,
        uint64 units,
        uint40 deliverBy,
        uint16 advanceBps,
        bytes32 termsHash
    ) external override returns (uint256 orderId) {
        _onlyOrganizer();
        uint256 tokenIndex = _validateOrder(supplier, token, amount, units, deliverBy, advanceBps);
        orderId = _reserve(token, amount);
        OrderSlot storage o = _orders[orderId];
        o.supplier = supplier;
        o.deliverBy = deliverBy;
        o.advanceBps = advanceBps;
        o.status = OrderStatus.Placed;
        // Cannot truncate: token indexes are below CampaignArgs.MAX_TOKENS and amount was checked to fit.
        o.tokenIndex = uint8(tokenIndex);
        o.amount = uint128(amount);
        o.delivery = units;
        o.termsHash = termsHash;
        emit OrderCreated(orderId, supplier, token, amount, units, deliverBy, advanceBps, termsHash);
    }

    /// @inheritdoc ICampaign
    function cancelOrder(uint256 orderId) external override {
        _onlyOrganizer();
        OrderSlot storage o = _existingOrder(orderId);
        OrderStatus orderStatus = o.status;
        if (
            orderStatus != OrderStatus.Placed &&
            orderStatus != OrderStatus.Accepted &&
            orderStatus != OrderStatus.Shipped
        ) {
            revert CampaignWrongOrderStatus(orderId, orderStatus);
        }
        if (orderStatus != OrderStatus.Placed && _REGISTRY.isVettedSupplier(o.supplier)) {
            uint256 cancellableAt = uint256(o.deliverBy) + CampaignArgs.deliveryGracePeriod(CampaignArgs.config());
            if (block.timestamp < cancellableAt) revert CampaignOrderNotExpired(orderId, cancellableAt);
        }
        _cancelOrder(orderId, o);
    }

    /// @inheritdoc ICampaign
    function close() external override {
        Status current = _syncStatus();
        if (current != Status.Procurement) revert CampaignWrongStatus(current, Status.Procurement);
        uint256 cfg = CampaignArgs.config();
        uint256 procurementDeadline = CampaignArgs.procurementDeadline(cfg);
        State storage state = _state;
        if (block.timestamp < procurementDeadline) {
            if (msg.sender != CampaignArgs.organizer())
                revert CampaignCloseTooEarly(procurementDeadline, block.timestamp);
            _onlyOrganizer();
            if (state.openOrders != 0) revert CampaignOrdersOpen(state.openOrders, procurementDeadline);
        } else {
            uint256 count = state.orderCount;
            for (uint256 id; id < count && state.openOrders != 0; ++id) {
                OrderSlot storage o = _orders[id];
                OrderStatus orderStatus = o.status;
                if (
                    orderStatus == OrderStatus.Placed ||
                    orderStatus == OrderStatus.Accepted ||
                    orderStatus == OrderStatus.Shipped
                ) _cancelOrder(id, o);
            }
        }

        uint256 tokens = CampaignArgs.tokenCount(cfg);
        for (uint256 i; i < tokens; ++i) {
            address token = CampaignArgs.tokenAt(i);
            Book storage book = _books[token];
            uint256 unspent = _available(book);
            // Cannot overflow: unspent <= pledged, which fits in 128 bits.
            book.unspentAtClose = uint128(unspent);
            emit UnspentRecorded(token, unspent, book.pledged - book.cancelled);
        }
        state.status = Status.Closed;
        emit CampaignClosed(msg.sender);
        emit StatusChanged(Status.Closed, _raisedUsd(cfg));
    }

    // ───────────────────────────── suppliers ─────────────────────────────

    /// @inheritdoc ICampaign
    function acceptOrder(uint256 orderId) external override {
        OrderSlot storage o = _existingOrder(orderId);
        address supplier = o.supplier;
        if (msg.sender != supplier) revert CampaignNotSupplier(orderId, msg.sender, supplier);
        if (o.status != OrderStatus.Placed) revert CampaignWrongOrderStatus(orderId, o.status);
        uint256 procurementDeadline = CampaignArgs.procurementDeadline(CampaignArgs.config());
        if (block.timestamp >= procurementDeadline) {
            revert CampaignProcurementEnded(procurementDeadline, block.timestamp);
        }
        // An order accepted after its deliver-by date could only be late: no advance for it.
        if (block.timestamp > o.deliverBy) revert CampaignOrderOverdue(orderId, o.deliverBy);
        _requireVetted(supplier);

        o.status = OrderStatus.Accepted;
        uint256 advance = (uint256(o.amount) * o.advanceBps) / BPS;
        emit OrderAccepted(orderId, supplier, advance);
        if (advance != 0) {
            address token = CampaignArgs.tokenAt(o.tokenIndex);
            // Cannot overflow: advance <= amount < 2^128.
            o.paid = uint128(advance);
            _credit(token, supplier, advance);
            emit PaymentReleased(orderId, supplier, token, advance, 0, true);
        }
    }

    /// @inheritdoc ICampaign
    function markShipped(uint256 orderId, string calldata evidenceURI) external override {
        OrderSlot storage o = _existingOrder(orderId);
        address supplier = o.supplier;
        if (msg.sender != supplier) revert CampaignNotSupplier(orderId, msg.sender, supplier);
        OrderStatus orderStatus = o.status;
        if (orderStatus != OrderStatus.Accepted && orderStatus != OrderStatus.Shipped) {
            revert CampaignWrongOrderStatus(orderId, orderStatus);
        }
        if (bytes(evidenceURI).length == 0) revert CampaignMissingEvidence();
        o.status = OrderStatus.Shipped;
        emit ShipmentMarked(orderId, supplier, evidenceURI);
    }

    /// @inheritdoc ICampaign
    function withdraw(address token) external override nonReentrant {
        _withdraw(token, msg.sender);
    }

    /// @inheritdoc ICampaign
    function withdrawTo(address token, address to) external override nonReentrant {
        if (to == address(0)) revert CampaignZeroAddress();
        _withdraw(token, to);
    }

    // ───────────────────────────── verifiers ─────────────────────────────

    /// @inheritdoc ICampaign
    function confirmDelivery(uint256 orderId, uint64 unitsDelivered, bytes32 evidenceHash) external override {
        uint256 cfg = CampaignArgs.config();
        (bool found, uint256 index) = CampaignArgs.indexOfVerifier(cfg, msg.sender);
        if (!found) revert CampaignNotVerifier(msg.sender);
        if (evidenceHash == bytes32(0)) revert CampaignMissingEvidence();
        OrderSlot storage o = _confirmableOrder(orderId, cfg);
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
        _release(orderId, o, delivery, cfg, false);
    }

    /// @inheritdoc ICampaign
    function confirmDeliveryBySig(
        uint256 orderId,
        uint64 unitsDelivered,
        bytes32 evidenceHash,
        bytes[] calldata signatures
    ) external override {
        uint256 cfg = CampaignArgs.config();
        if (signatures.length == 0) revert CampaignNotEnoughSignatures(0, CampaignArgs.threshold(cfg));
        if (evidenceHash == bytes32(0)) revert CampaignMissingEvidence();
        OrderSlot storage o = _confirmableOrder(orderId, cfg);
        uint256 delivery = _recordSignatures(orderId, unitsDelivered, evidenceHash, signatures, cfg);
        // The signatures must complete the threshold for this quantity, together with the confirmations
        // verifiers already made (by transaction or signature): a relayed set never leaves it half-done.
        _requireThreshold(delivery, cfg, unitsDelivered);
        o.delivery = delivery;
        _release(orderId, o, delivery, cfg, false);
    }

    /// @inheritdoc ICampaign
    function releasePayment(uint256 orderId) external override {
        uint256 cfg = CampaignArgs.config();
        OrderSlot storage o = _confirmableOrder(orderId, cfg);
        _release(orderId, o, o.delivery, cfg, true);
    }

    // ───────────────────────────── internal: pledges ─────────────────────────────

    /// @dev Checks that funding is open for `token` and `amount` from the clone's code alone (no storage read);
    /// `_recordPledge` checks that the organizer has not closed funding early.
    function _checkPledge(address token, uint256 amount) private view {
        // The factory initialises every clone in the transaction that creates it, so only the implementation
        // itself can be uninitialised here.
        if (address(this) == _SELF) revert CampaignNotInitialized();
        uint256 cfg = CampaignArgs.config();
        uint256 deadline = CampaignArgs.deadline(cfg);
        if (block.timestamp >= deadline) revert CampaignFundingEnded(deadline, block.timestamp);
        (bool found, ) = CampaignArgs.indexOfToken(cfg, token);
        if (!found) revert CampaignTokenNotAccepted(token);
        if (amount == 0) revert CampaignZeroAmount();
    }

    /// @dev Pulls `amount` of `token` from the caller and credits what arrived.
    function _pledgeToken(address token, uint256 amount) private {
        if (token == ETH) revert CampaignUsePledgeETH();
        _checkPledge(token, amount);
        IERC20 erc20 = IERC20(token);
        uint256 before = erc20.balanceOf(address(this));
        erc20.safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = erc20.balanceOf(address(this)) - before;
        if (received == 0) revert CampaignZeroAmount();
        _recordPledge(msg.sender, token, received);
    }

    /// @dev Values the pledge through the registry (which refuses it while paused) and books it.
    function _recordPledge(address donor, address token, uint256 amount) private {
        Book storage book = _books[token];
        if (book.fundingClosed) revert CampaignWrongStatus(Status.Procurement, Status.Funding);
        uint256 usd = _REGISTRY.quotePledge(token, amount);
        uint256 pledged = uint256(book.pledged) + amount;
        uint256 pledgedUsd = uint256(book.pledgedUsd) + usd;
        if (pledged > type(uint128).max || pledgedUsd > type(uint120).max) revert CampaignAmountTooLarge(amount);
        book.pledged = uint128(pledged);
        book.pledgedUsd = uint120(pledgedUsd);
        PledgeSlot storage p = _pledges[donor][token];
        // Cannot overflow: a donor's pledge never exceeds the totals checked above.
        unchecked {
            p.amount += uint128(amount);
            p.usdValue += uint128(usd);
        }
        emit Pledged(donor, token, amount, usd);
    }

    function _claimRefund(address token, address to) private {
        Status current = _syncStatus();
        if (current != Status.Failed && current != Status.Closed) {
            revert CampaignWrongStatus(current, Status.Closed);
        }
        uint256 amount = _refundable(current, msg.sender, token);
        if (amount == 0) revert CampaignNothingToRefund(msg.sender, token);

        delete _pledges[msg.sender][token];
        // Cannot overflow: refunds never exceed what was pledged.
        _books[token].refunded += uint128(amount);
        emit RefundClaimed(msg.sender, token, to, amount);

        _send(token, to, amount);
    }

    /// @dev Everything after failure; `unspent * pledge / netPledged`, rounded down, after close.
    function _refundable(Status current, address donor, address token) private view returns (uint256) {
        uint256 amount = _pledges[donor][token].amount;
        if (amount == 0) return 0;
        if (current == Status.Failed) return amount;
        if (current != Status.Closed) return 0;
        Book storage book = _books[token];
        return Math.mulDiv(book.unspentAtClose, amount, book.pledged - book.cancelled);
    }

    // ───────────────────────────── internal: orders ─────────────────────────────

    /// @dev Every order ever placed has a status other than `None`, so the order's own first slot tells.
    function _existingOrder(uint256 orderId) private view returns (OrderSlot storage o) {
        o = _orders[orderId];
        if (o.status == OrderStatus.None) revert CampaignUnknownOrder(orderId, _state.orderCount);
    }

    /// @dev Every check `createOrder` makes before it touches storage; returns the token's index.
    function _validateOrder(
        address supplier,
        address token,
        uint256 amount,
        uint64 units,
        uint40 deliverBy,
        uint16 advanceBps
    ) private returns (uint256 tokenIndex) {
        Status current = _syncStatus();
        if (current != Status.Procurement) revert CampaignWrongStatus(current, Status.Procurement);
        uint256 cfg = CampaignArgs.config();
        uint256 procurementDeadline = CampaignArgs.procurementDeadline(cfg);
        if (block.timestamp >= procurementDeadline) {
            revert CampaignProcurementEnded(procurementDeadline, block.timestamp);
        }
        _requireVetted(supplier);
        bool found;
        (found, tokenIndex) = CampaignArgs.indexOfToken(cfg, token);
        if (!found) revert CampaignTokenNotAccepted(token);
        if (amount == 0) revert CampaignZeroAmount();
        if (amount > type(uint128).max) revert CampaignAmountTooLarge(amount);
        if (units == 0 || units > MAX_ORDER_UNITS) revert CampaignInvalidUnits(units);
        uint256 grace = CampaignArgs.deliveryGracePeriod(cfg);
        uint256 latest = procurementDeadline > grace ? procurementDeadline - grace : 0;
        if (deliverBy <= block.timestamp || deliverBy > latest) {
            revert CampaignInvalidDeliverBy(deliverBy, block.timestamp + 1, latest);
        }
        uint256 maxAdvance = CampaignArgs.maxAdvanceBps(cfg);
        if (advanceBps > maxAdvance) revert CampaignAdvanceAboveCap(advanceBps, maxAdvance);
    }

    /// @dev Reserves `amount` of `token` for a new order and returns its id.
    function _reserve(address token, uint256 amount) private returns (uint256 orderId) {
        State storage state = _state;
        orderId = state.orderCount;
        if (orderId >= MAX_ORDERS) revert CampaignTooManyOrders(MAX_ORDERS);
        Book storage book = _books[token];
        uint256 available = _available(book);
        if (available < amount) revert CampaignInsufficientFunds(token, available, amount);
        // Cannot overflow: amount <= available <= pledged, which fits in 128 bits.
        book.reserved += uint128(amount);
        // Cannot overflow: orderId < MAX_ORDERS and openOrders <= orderCount.
        state.orderCount = uint32(orderId + 1);
        state.openOrders += 1;
    }

    /// @dev An order that verifiers may confirm and that may be paid: accepted or shipped.
    /// Deliveries are confirmed and paid until the procurement deadline; after it the campaign only closes.
    function _confirmableOrder(uint256 orderId, uint256 cfg) private view returns (OrderSlot storage o) {
        o = _existingOrder(orderId);
        OrderStatus orderStatus = o.status;
        if (orderStatus != OrderStatus.Accepted && orderStatus != OrderStatus.Shipped) {
            revert CampaignWrongOrderStatus(orderId, orderStatus);
        }
        uint256 procurementDeadline = CampaignArgs.procurementDeadline(cfg);
        if (block.timestamp >= procurementDeadline) {
            revert CampaignProcurementEnded(procurementDeadline, block.timestamp);
        }
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
        uint256 orderUnits = delivery & UNITS_MASK;
        if (unitsDelivered > orderUnits) revert CampaignUnitsExceedOrder(orderId, unitsDelivered, orderUnits);
        uint256 confirmed = _confirmationOf(delivery, index);
        if (unitsDelivered <= confirmed) {
            revert CampaignConfirmationNotIncreasing(orderId, verifier, confirmed, unitsDelivered);
        }
        uint256 shift = UNITS_BITS * (index + 1);
        delivery = (delivery & ~(UNITS_MASK << shift)) | (uint256(unitsDelivered) << shift);
        emit DeliveryConfirmed(orderId, verifier, unitsDelivered, evidenceHash, bySignature);
        return delivery;
    }

    /// @dev Recovers each signer of the EIP-712 confirmation and records it as that verifier's confirmation.
    function _recordSignatures(
        uint256 orderId,
        uint64 unitsDelivered,
        bytes32 evidenceHash,
        bytes[] calldata signatures,
        uint256 cfg
    ) private returns (uint256 delivery) {
        delivery = _orders[orderId].delivery;
        bytes32 digest = confirmationDigest(orderId, unitsDelivered, evidenceHash);
        for (uint256 i; i < signatures.length; ++i) {
            (address signer, uint256 index) = _signerIndex(digest, signatures[i], cfg);
            // A duplicated signer fails here: its confirmation is no longer increasing.
            delivery = _recordConfirmation(orderId, delivery, index, signer, unitsDelivered, evidenceHash, true);
        }
    }

    /// @dev The verifier who signed `digest`. ECDSA.recover refuses malleable (high-s) signatures and bad lengths.
    function _signerIndex(
        bytes32 digest,
        bytes calldata signature,
        uint256 cfg
    ) private view returns (address signer, uint256 index) {
        signer = ECDSA.recover(digest, signature);
        bool found;
        (found, index) = CampaignArgs.indexOfVerifier(cfg, signer);
        if (!found) revert CampaignNotVerifier(signer);
    }

    /// @dev Credits the supplier with `amount * verified / units - paid` when it is vetted; completes the order
    /// when everything is verified and paid. A suspended supplier's share waits for `releasePayment`.
    function _release(
        uint256 orderId,
        OrderSlot storage o,
        uint256 delivery,
        uint256 cfg,
        bool requirePayment
    ) private {
        address supplier = o.supplier;
        // Reverts while paused: releases stop, confirmations with them.
        IRegistry.SupplierStatus supplierStatus = _REGISTRY.activeSupplierStatus(supplier);
        uint256 units = delivery & UNITS_MASK;
        uint256 verified = _verifiedUnits(delivery, cfg);
        uint256 amount = o.amount;
        uint256 paid = o.paid;
        uint256 due = Math.mulDiv(amount, verified, units);
        uint256 payment;
        if (due > paid && supplierStatus == IRegistry.SupplierStatus.Active) {
            payment = due - paid;
            paid = due;
            // Cannot overflow: paid <= amount < 2^128.
            o.paid = uint128(paid);
            address token = CampaignArgs.tokenAt(o.tokenIndex);
            _credit(token, supplier, payment);
            emit PaymentReleased(orderId, supplier, token, payment, uint64(verified), false);
        }
        if (verified == units && paid == amount) {
            o.status = OrderStatus.Completed;
            _state.openOrders -= 1;
            emit OrderCompleted(orderId);
        } else if (requirePayment && payment == 0) {
            if (supplierStatus != IRegistry.SupplierStatus.Active) {
                revert CampaignSupplierNotVetted(supplier, supplierStatus);
            }
            revert CampaignNothingToRelease(orderId);
        }
    }

    /// @dev Moves `amount` from reserved to earned and makes it withdrawable by `supplier`.
    function _credit(address token, address supplier, uint256 amount) private {
        Book storage book = _books[token];
        // Cannot overflow or underflow: amount is part of an order's reservation, which fits in 128 bits.
        book.reserved -= uint128(amount);
        book.earned += uint128(amount);
        _withdrawable[supplier][token] += amount;
    }

    function _cancelOrder(uint256 orderId, OrderSlot storage o) private {
        uint256 returned = uint256(o.amount) - o.paid;
        o.status = OrderStatus.Cancelled;
        _state.openOrders -= 1;
        // Cannot underflow: the unpaid part of an open order is still reserved.
        _books[CampaignArgs.tokenAt(o.tokenIndex)].reserved -= uint128(returned);
        emit OrderCancelled(orderId, msg.sender, returned);
    }

    function _withdraw(address token, address to) private {
        uint256 amount = _withdrawable[msg.sender][token];
        if (amount == 0) revert CampaignNothingToWithdraw(msg.sender, token);
        delete _withdrawable[msg.sender][token];
        // Cannot overflow: withdrawn <= earned, which fits in 128 bits.
        _books[token].withdrawn += uint128(amount);
        emit Withdrawn(msg.sender, token, to, amount);

        _send(token, to, amount);
    }

    /// @dev The largest quantity that at least `threshold` verifiers have each confirmed.
    function _verifiedUnits(uint256 delivery, uint256 cfg) private pure returns (uint256 verified) {
        uint256 count = CampaignArgs.verifierCount(cfg);
        uint256 threshold = CampaignArgs.threshold(cfg);
        for (uint256 i; i < count; ++i) {
            uint256 candidate = _confirmationOf(delivery, i);
            if (candidate <= verified) continue;
            uint256 agreeing;
            for (uint256 j; j < count; ++j) {
                if (_confirmationOf(delivery, j) >= candidate) ++agreeing;
            }
            if (agreeing >= threshold) verified = candidate;
        }
    }

    /// @dev Reverts unless `threshold` verifiers have each confirmed at least `units`.
    function _requireThreshold(uint256 delivery, uint256 cfg, uint256 units) private pure {
        uint256 count = CampaignArgs.verifierCount(cfg);
        uint256 threshold = CampaignArgs.threshold(cfg);
        uint256 agreeing;
        for (uint256 i; i < count; ++i) {
            if (_confirmationOf(delivery, i) >= units) ++agreeing;
        }
        if (agreeing < threshold) revert CampaignNotEnoughSignatures(agreeing, threshold);
    }

    function _confirmationOf(uint256 delivery, uint256 index) private pure returns (uint256) {
        return (delivery >> (UNITS_BITS * (index + 1))) & UNITS_MASK;
    }

    // ───────────────────────────── internal: status ─────────────────────────────

    function _requireInitialized() private view {
        if (_state.status == Status.Uninitialized) revert CampaignNotInitialized();
    }

    function _requireVetted(address supplier) private view {
        // Reverts while paused.
        IRegistry.SupplierStatus supplierStatus = _REGISTRY.activeSupplierStatus(supplier);
        if (supplierStatus != IRegistry.SupplierStatus.Active) {
            revert CampaignSupplierNotVetted(supplier, supplierStatus);
        }
    }

    /// @dev The campaign's own organizer, while the registry still grants it `ORGANIZER_ROLE`.
    function _onlyOrganizer() private view {
        _requireInitialized();
        address organizer_ = CampaignArgs.organizer();
        if (msg.sender != organizer_) revert CampaignNotOrganizer(msg.sender, organizer_);
        if (!_REGISTRY.hasRole(ORGANIZER_ROLE, organizer_)) revert CampaignOrganizerRevoked(organizer_);
    }

    /// @dev Funding ends at the deadline: an all-or-nothing appeal below its goal fails, any other succeeds.
    function _currentStatus(Status stored, uint256 cfg) private view returns (Status) {
        if (stored != Status.Funding || block.timestamp < CampaignArgs.deadline(cfg)) return stored;
        if (CampaignArgs.allOrNothing(cfg) && _raisedUsd(cfg) < CampaignArgs.goalUsd()) return Status.Failed;
        return Status.Procurement;
    }

    /// @dev Stores the status time has moved the campaign to, so that later calls read it directly.
    function _syncStatus() private returns (Status current) {
        Status stored = _state.status;
        if (stored == Status.Uninitialized) revert CampaignNotInitialized();
        uint256 cfg = CampaignArgs.config();
        current = _currentStatus(stored, cfg);
        if (current != stored) {
            _state.status = current;
            emit StatusChanged(current, _raisedUsd(cfg));
        }
    }

    function _raisedUsd(uint256 cfg) private view returns (uint256 raised) {
        uint256 tokens = CampaignArgs.tokenCount(cfg);
        for (uint256 i; i < tokens; ++i) {
            raised += _books[CampaignArgs.tokenAt(i)].pledgedUsd;
        }
    }

    function _available(Book storage b) private view returns (uint256) {
        return uint256(b.pledged) - b.cancelled - b.refunded - b.reserved - b.earned;
    }

    // ───────────────────────────── internal: transfers ─────────────────────────────

    function _send(address token, address to, uint256 amount) private {
        if (token == ETH) Address.sendValue(payable(to), amount);
        else IERC20(token).safeTransfer(to, amount);
    }
}
