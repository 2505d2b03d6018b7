// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC5267} from "@openzeppelin/contracts/interfaces/IERC5267.sol";
import {Initializable} from "@openzeppelin/contracts/proxy/utils/Initializable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {CampaignProcurement} from "./CampaignProcurement.sol";
import {ICampaign} from "./interfaces/ICampaign.sol";
import {ICampaignProcurement} from "./interfaces/ICampaignProcurement.sol";
import {IRegistry} from "./interfaces/IRegistry.sol";
import {CampaignArgs} from "./libraries/CampaignArgs.sol";
import {CampaignStorage} from "./libraries/CampaignStorage.sol";

/// @title Campaign
/// @notice One appeal's money, from pledge to verified payout or refund. Deployed once as an implementation;
/// every appeal is an EIP-1167 clone of it whose fixed parameters live in the clone's code (see `CampaignArgs`).
/// @dev This contract holds what donors call (pledges, cancellations, refunds), every view, supplier withdrawals
/// and the initializer. Orders, deliveries and close run in the `CampaignProcurement` module, reached by
/// DELEGATECALL so that they act on the clone's storage (`CampaignStorage`): the two together would not fit the
/// 24 KB code limit. Money leaves only by pull (`cancelPledge`, `claimRefund`, `withdraw`), after checks and
/// effects, under a transient reentrancy guard. Nothing reads `address(this).balance` or a token balance as the
/// truth.
contract Campaign is ICampaign, IERC5267, Initializable, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using CampaignStorage for CampaignStorage.Layout;
    using CampaignStorage for CampaignStorage.Book;
    using CampaignStorage for CampaignStorage.OrderSlot;

    // ───────────────────────────── constants ─────────────────────────────

    /// @notice The most orders one campaign may hold (bounds the loop in `close`).
    uint256 public constant MAX_ORDERS = 100;

    /// @notice The most units one order may buy (they are packed in 40 bits).
    uint256 public constant MAX_ORDER_UNITS = type(uint40).max;

    address private constant ETH = address(0);

    // ───────────────────────────── immutables ─────────────────────────────

    /// @dev Lives in the implementation's code, so every clone reads it without a storage read.
    IRegistry private immutable _REGISTRY;

    /// @dev The module that runs orders, deliveries and close in this contract's storage.
    address private immutable _PROCUREMENT;

    /// @dev The implementation's own address: code running at it is not a campaign.
    address private immutable _SELF;

    // ───────────────────────────── constructor / initializer ─────────────────────────────

    /// @param registry_ The deployment's registry, shared by every clone.
    /// @param procurement_ The `CampaignProcurement` module, deployed for the same registry.
    constructor(IRegistry registry_, CampaignProcurement procurement_) {
        if (address(registry_) == address(0)) revert CampaignZeroAddress();
        if (address(procurement_).code.length == 0 || procurement_.registry() != registry_) {
            revert CampaignInvalidModule(address(procurement_));
        }
        _REGISTRY = registry_;
        _PROCUREMENT = address(procurement_);
        _SELF = address(this);
        _disableInitializers();
    }

    /// @inheritdoc ICampaign
    function initialize() external override initializer {
        (address organizer_, Params memory p) = CampaignArgs.decode();
        if (organizer_ == address(0) || p.beneficiary == address(0)) revert CampaignZeroAddress();
        if (p.goalUsd == 0 || p.targetUnits == 0) revert CampaignInvalidGoal(p.goalUsd, p.targetUnits);
        IRegistry.Limits memory limits = _REGISTRY.limits();
        if (p.deadline <= block.timestamp) revert CampaignInvalidDeadline(p.deadline, block.timestamp);
        uint256 latest = block.timestamp + limits.maxFundingWindow;
        if (p.deadline > latest) revert CampaignFundingWindowTooLong(p.deadline, latest);
        if (p.procurementDeadline <= p.deadline) {
            revert CampaignInvalidProcurementDeadline(p.procurementDeadline, p.deadline);
        }
        latest = uint256(p.deadline) + limits.maxProcurementWindow;
        if (p.procurementDeadline > latest) revert CampaignProcurementWindowTooLong(p.procurementDeadline, latest);
        if (p.maxAdvanceBps > limits.maxAdvanceBps)
            revert CampaignInvalidAdvanceCap(p.maxAdvanceBps, limits.maxAdvanceBps);
        if (p.threshold < limits.minThreshold) revert CampaignThresholdTooLow(p.threshold, limits.minThreshold);
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
            if (verifier == organizer_) revert CampaignOrganizerIsVerifier(organizer_);
            for (uint256 j; j < i; ++j) {
                if (p.verifiers[j] == verifier) revert CampaignDuplicateVerifier(verifier);
            }
            IRegistry.PartyStatus standing = _REGISTRY.verifierStatus(verifier);
            if (standing != IRegistry.PartyStatus.Active) revert CampaignVerifierNotRegistered(verifier, standing);
        }
        CampaignStorage.layout().state.status = Status.Funding;
    }

    // ───────────────────────────── external views ─────────────────────────────

    /// @inheritdoc ICampaign
    function registry() external view override returns (IRegistry) {
        return _REGISTRY;
    }

    /// @notice The module that runs orders, deliveries and close.
    function procurement() external view returns (address) {
        return _PROCUREMENT;
    }

    /// @inheritdoc ICampaign
    function organizer() external view override returns (address) {
        CampaignStorage.layout().requireInitialized();
        return CampaignArgs.organizer();
    }

    /// @inheritdoc ICampaign
    function params() external view override returns (Params memory p) {
        CampaignStorage.layout().requireInitialized();
        (, p) = CampaignArgs.decode();
    }

    /// @inheritdoc ICampaign
    function status() external view override returns (Status) {
        CampaignStorage.Layout storage $ = CampaignStorage.layout();
        return $.currentStatus($.state.status, CampaignArgs.config());
    }

    /// @inheritdoc ICampaign
    function raisedUsd() external view override returns (uint256) {
        CampaignStorage.Layout storage $ = CampaignStorage.layout();
        $.requireInitialized();
        return $.raisedUsd(CampaignArgs.config());
    }

    /// @inheritdoc ICampaign
    function isVerifier(address account) external view override returns (bool found) {
        CampaignStorage.layout().requireInitialized();
        (found, ) = CampaignArgs.indexOfVerifier(CampaignArgs.config(), account);
    }

    /// @inheritdoc ICampaign
    function pledgeOf(address donor, address token) external view override returns (uint256, uint256) {
        CampaignStorage.PledgeSlot memory p = CampaignStorage.layout().pledges[donor][token];
        return (p.amount, p.usdValue);
    }

    /// @inheritdoc ICampaign
    function refundable(address donor, address token) external view override returns (uint256) {
        CampaignStorage.Layout storage $ = CampaignStorage.layout();
        return _refundable($, $.currentStatus($.state.status, CampaignArgs.config()), donor, token);
    }

    /// @inheritdoc ICampaign
    function withdrawable(address supplier, address token) external view override returns (uint256) {
        return CampaignStorage.layout().owed[supplier][token];
    }

    /// @inheritdoc ICampaign
    function ledger(address token) external view override returns (Ledger memory books) {
        CampaignStorage.Book storage b = CampaignStorage.layout().books[token];
        books.pledged = b.pledged;
        books.cancelled = b.cancelled;
        books.refunded = b.refunded;
        books.reserved = b.reserved;
        books.earned = b.earned;
        books.withdrawn = b.withdrawn;
        books.available = b.available();
        books.pledgedUsd = b.pledgedUsd;
        books.unspentAtClose = b.unspentAtClose;
        books.unbacked = b.unbacked;
        books.advanceCap = b.pledged == 0 ? 0 : b.advanceCap(CampaignArgs.config());
    }

    /// @inheritdoc ICampaign
    function order(uint256 orderId) external view override returns (Order memory o) {
        CampaignStorage.OrderSlot storage slot = CampaignStorage.layout().existingOrder(orderId);
        uint256 delivery = slot.delivery;
        o.supplier = slot.supplier;
        o.amountUsd = slot.amountUsd;
        o.units = uint64(delivery & CampaignStorage.UNITS_MASK);
        o.unitsVerified = uint64(CampaignStorage.verifiedUnits(delivery, CampaignArgs.config()));
        o.unitsPaid = slot.unitsPaid;
        o.deliverBy = slot.deliverBy;
        o.advanceBps = slot.advanceBps;
        o.advancePaid = slot.advancePaid;
        o.advanceReclaimed = slot.advanceReclaimed;
        o.status = slot.status;
        o.termsHash = slot.termsHash;
    }

    /// @inheritdoc ICampaign
    function orderShare(
        uint256 orderId,
        address token
    ) external view override returns (uint256 amount, uint256 paid, uint256 advance) {
        CampaignStorage.Layout storage $ = CampaignStorage.layout();
        CampaignStorage.OrderSlot storage o = $.existingOrder(orderId);
        uint256 cfg = CampaignArgs.config();
        (bool found, ) = CampaignArgs.indexOfToken(cfg, token);
        if (!found) revert CampaignTokenNotAccepted(token);
        amount = $.books[token].share(o.amountUsd, $.raisedUsd(cfg));
        advance = CampaignStorage.advanceOf(amount, o.advanceBps);
        paid = CampaignStorage.paidOf(
            amount,
            o.delivery & CampaignStorage.UNITS_MASK,
            o.unitsPaid,
            o.countedAdvance(amount)
        );
    }

    /// @inheritdoc ICampaign
    function unreservedUsd() external view override returns (uint256 usd) {
        CampaignStorage.Layout storage $ = CampaignStorage.layout();
        uint256 cfg = CampaignArgs.config();
        uint256 raised = $.raisedUsd(cfg);
        usd = raised;
        uint256 tokens = CampaignArgs.tokenCount(cfg);
        for (uint256 i; i < tokens; ++i) {
            CampaignStorage.Book storage b = $.books[CampaignArgs.tokenAt(i)];
            uint256 net = b.netPledged();
            if (net != 0) usd = Math.min(usd, Math.mulDiv(b.available(), raised, net));
        }
    }

    /// @inheritdoc ICampaign
    function orderCount() external view override returns (uint256) {
        return CampaignStorage.layout().state.orderCount;
    }

    /// @inheritdoc ICampaign
    function openOrderCount() external view override returns (uint256) {
        return CampaignStorage.layout().state.openOrders;
    }

    /// @inheritdoc ICampaign
    function confirmedUnits(uint256 orderId, address verifier) external view override returns (uint64) {
        uint256 delivery = CampaignStorage.layout().existingOrder(orderId).delivery;
        return uint64(CampaignStorage.confirmationOf(delivery, _verifierIndex(verifier)));
    }

    /// @inheritdoc ICampaign
    function nonces(address verifier) external view override returns (uint256) {
        return CampaignStorage.nonceOf(CampaignStorage.layout().state, _verifierIndex(verifier));
    }

    /// @inheritdoc ICampaign
    function confirmationDigest(
        uint256 orderId,
        uint64 unitsDelivered,
        bytes32 evidenceHash,
        address verifier,
        uint256 nonce,
        uint256 deadline
    ) external view override returns (bytes32) {
        CampaignStorage.OrderSlot storage o = CampaignStorage.layout().existingOrder(orderId);
        return CampaignStorage.confirmationDigest(orderId, o, unitsDelivered, evidenceHash, verifier, nonce, deadline);
    }

    /// @inheritdoc IERC5267
    function eip712Domain()
        external
        view
        override
        returns (
            bytes1 fields,
            string memory name,
            string memory version,
            uint256 chainId,
            address verifyingContract,
            bytes32 salt,
            uint256[] memory extensions
        )
    {
        return (
            hex"0f", // name, version, chainId, verifyingContract
            CampaignStorage.DOMAIN_NAME,
            CampaignStorage.DOMAIN_VERSION,
            block.chainid,
            address(this),
            bytes32(0),
            new uint256[](0)
        );
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
        _cancelPledge(token, msg.sender);
    }

    /// @inheritdoc ICampaign
    function cancelPledgeTo(address token, address to) external override nonReentrant {
        if (to == address(0)) revert CampaignZeroAddress();
        _cancelPledge(token, to);
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
        CampaignStorage.Layout storage $ = CampaignStorage.layout();
        $.onlyOrganizer(_REGISTRY);
        Status stored = $.state.status;
        if (stored != Status.Funding) revert CampaignWrongStatus(stored, Status.Funding);
        uint256 cfg = CampaignArgs.config();
        uint256 deadline = CampaignArgs.deadline(cfg);
        if (block.timestamp >= deadline) revert CampaignFundingEnded(deadline, block.timestamp);
        uint256 raised = $.raisedUsd(cfg);
        uint256 goal = CampaignArgs.goalUsd();
        if (raised < goal) revert CampaignGoalNotReached(raised, goal);

        $.state.status = Status.Procurement;
        uint256 tokens = CampaignArgs.tokenCount(cfg);
        for (uint256 i; i < tokens; ++i) {
            $.books[CampaignArgs.tokenAt(i)].fundingClosed = true;
        }
        emit FundingClosed(msg.sender, raised);
        emit StatusChanged(Status.Procurement, raised);
    }

    // ───────────────────────────── procurement (delegated) ─────────────────────────────

    /// @inheritdoc ICampaignProcurement
    function createOrder(
        address,
        uint256,
        uint64,
        uint40,
        uint16,
        bytes32
    ) external override returns (uint256 orderId) {
        orderId = abi.decode(_delegateToProcurement(), (uint256));
    }

    /// @inheritdoc ICampaignProcurement
    function cancelOrder(uint256) external override {
        _delegateToProcurement();
    }

    /// @inheritdoc ICampaignProcurement
    function close() external override {
        _delegateToProcurement();
    }

    /// @inheritdoc ICampaignProcurement
    function acceptOrder(uint256) external override {
        _delegateToProcurement();
    }

    /// @inheritdoc ICampaignProcurement
    function markShipped(uint256, string calldata) external override {
        _delegateToProcurement();
    }

    /// @inheritdoc ICampaignProcurement
    function confirmDelivery(uint256, uint64, bytes32) external override {
        _delegateToProcurement();
    }

    /// @inheritdoc ICampaignProcurement
    function confirmDeliveryBySig(uint256, uint64, bytes32, SignedConfirmation[] calldata) external override {
        _delegateToProcurement();
    }

    /// @inheritdoc ICampaignProcurement
    function cancelSignatures() external override {
        _delegateToProcurement();
    }

    /// @inheritdoc ICampaignProcurement
    function releasePayment(uint256) external override {
        _delegateToProcurement();
    }

    // ───────────────────────────── suppliers ─────────────────────────────

    /// @inheritdoc ICampaign
    function withdraw() external override nonReentrant {
        _withdraw(msg.sender);
    }

    /// @inheritdoc ICampaign
    function withdrawTo(address to) external override nonReentrant {
        if (to == address(0)) revert CampaignZeroAddress();
        _withdraw(to);
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
        CampaignStorage.Layout storage $ = CampaignStorage.layout();
        CampaignStorage.Book storage book = $.books[token];
        if (book.fundingClosed) revert CampaignWrongStatus(Status.Procurement, Status.Funding);
        uint256 usd = _REGISTRY.quotePledge(token, amount);
        uint256 pledged = uint256(book.pledged) + amount;
        uint256 pledgedUsd = uint256(book.pledgedUsd) + usd;
        if (pledged > type(uint128).max || pledgedUsd > type(uint120).max) revert CampaignAmountTooLarge(amount);
        book.pledged = uint128(pledged);
        book.pledgedUsd = uint120(pledgedUsd);
        CampaignStorage.PledgeSlot storage p = $.pledges[donor][token];
        // Cannot overflow: a donor's pledge never exceeds the totals checked above.
        unchecked {
            p.amount += uint128(amount);
            p.usdValue += uint128(usd);
        }
        emit Pledged(donor, token, amount, usd);
    }

    function _cancelPledge(address token, address to) private {
        CampaignStorage.Layout storage $ = CampaignStorage.layout();
        Status stored = $.state.status;
        if (stored == Status.Uninitialized) revert CampaignNotInitialized();
        uint256 deadline = CampaignArgs.deadline(CampaignArgs.config());
        if (stored != Status.Funding) revert CampaignWrongStatus(stored, Status.Funding);
        if (block.timestamp >= deadline) revert CampaignFundingEnded(deadline, block.timestamp);
        CampaignStorage.PledgeSlot memory p = $.pledges[msg.sender][token];
        if (p.amount == 0) revert CampaignNoPledge(msg.sender, token);

        delete $.pledges[msg.sender][token];
        CampaignStorage.Book storage book = $.books[token];
        // Cannot truncate: a donor's USD value never exceeds the book's, which fits in 120 bits.
        book.pledgedUsd -= uint120(p.usdValue);
        book.cancelled += p.amount;
        emit PledgeCancelled(msg.sender, token, to, p.amount, p.usdValue);

        _send(token, to, p.amount);
    }

    function _claimRefund(address token, address to) private {
        CampaignStorage.Layout storage $ = CampaignStorage.layout();
        Status current = $.syncStatus();
        if (current != Status.Failed && current != Status.Closed) {
            revert CampaignWrongStatus(current, Status.Closed);
        }
        uint256 amount = _refundable($, current, msg.sender, token);
        if (amount == 0) revert CampaignNothingToRefund(msg.sender, token);

        delete $.pledges[msg.sender][token];
        // Cannot overflow: refunds never exceed what was pledged.
        $.books[token].refunded += uint128(amount);
        emit RefundClaimed(msg.sender, token, to, amount);

        _send(token, to, amount);
    }

    /// @dev Everything after failure; `unspent * pledge / netPledged`, rounded down, after close. Orders spend the
    /// same fraction of every token, so `unspent / netPledged` is the same for every token: every donor gets back
    /// the same share of what they gave, whatever they gave it in.
    function _refundable(
        CampaignStorage.Layout storage $,
        Status current,
        address donor,
        address token
    ) private view returns (uint256) {
        uint256 amount = $.pledges[donor][token].amount;
        if (amount == 0) return 0;
        if (current == Status.Failed) return amount;
        if (current != Status.Closed) return 0;
        CampaignStorage.Book storage book = $.books[token];
        return Math.mulDiv(book.unspentAtClose, amount, book.netPledged());
    }

    // ───────────────────────────── internal: suppliers ─────────────────────────────

    /// @dev Pays out everything the caller is owed, in every token, unless the registry suspended it. Taking every
    /// token at once keeps what suppliers hold in the same proportion as what donors gave, and lets a later
    /// cancellation tell from one number (the withdrawal's `sequence`) whether an advance is still here.
    function _withdraw(address to) private {
        IRegistry.PartyStatus standing = _REGISTRY.supplierStatus(msg.sender);
        if (standing == IRegistry.PartyStatus.Suspended) revert CampaignSupplierSuspended(msg.sender);
        CampaignStorage.Layout storage $ = CampaignStorage.layout();
        uint256 tokens = CampaignArgs.tokenCount(CampaignArgs.config());
        uint256[] memory amounts = new uint256[](tokens);
        bool any;
        for (uint256 i; i < tokens; ++i) {
            address token = CampaignArgs.tokenAt(i);
            uint256 amount = $.owed[msg.sender][token];
            if (amount == 0) continue;
            any = true;
            amounts[i] = amount;
            delete $.owed[msg.sender][token];
            // Cannot overflow: withdrawn <= earned, which fits in 128 bits.
            $.books[token].withdrawn += uint128(amount);
            emit Withdrawn(msg.sender, token, to, amount);
        }
        if (!any) revert CampaignNothingToWithdraw(msg.sender);
        uint64 sequence = $.state.sequence + 1;
        $.state.sequence = sequence;
        $.lastWithdrawal[msg.sender] = sequence;

        for (uint256 i; i < tokens; ++i) {
            if (amounts[i] != 0) _send(CampaignArgs.tokenAt(i), to, amounts[i]);
        }
    }

    // ───────────────────────────── internal ─────────────────────────────

    function _verifierIndex(address verifier) private view returns (uint256 index) {
        bool found;
        (found, index) = CampaignArgs.indexOfVerifier(CampaignArgs.config(), verifier);
        if (!found) revert CampaignNotVerifier(verifier);
    }

    /// @dev Runs the current call in the procurement module, in this contract's storage, and returns its result
    /// (a revert is bubbled with its data).
    function _delegateToProcurement() private returns (bytes memory) {
        return Address.functionDelegateCall(_PROCUREMENT, msg.data);
    }

    function _send(address token, address to, uint256 amount) private {
        if (token == ETH) Address.sendValue(payable(to), amount);
        else IERC20(token).safeTransfer(to, amount);
    }
}
