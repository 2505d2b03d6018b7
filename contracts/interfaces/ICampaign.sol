// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ICampaignProcurement} from "./ICampaignProcurement.sol";
import {IRegistry} from "./IRegistry.sol";

/// @title ICampaign
/// @notice One appeal (for example "250,000 surgical masks for WAHO"), holding exactly that appeal's money.
/// Donors pledge until the deadline; if the appeal succeeds the organizer places purchase orders with vetted
/// suppliers, who are paid only as registered, independent verifiers confirm delivery (plus an advance capped over
/// the campaign's whole life); what is never spent goes back to every donor in the same proportion.
interface ICampaign is ICampaignProcurement {
    // ───────────────────────────── types ─────────────────────────────

    /// @notice The lifecycle of a campaign. States only move forward.
    enum Status {
        Uninitialized,
        Funding,
        Failed,
        Procurement,
        Closed
    }

    /// @notice The lifecycle of a purchase order.
    enum OrderStatus {
        None,
        Placed,
        Accepted,
        Shipped,
        Completed,
        Cancelled
    }

    /// @notice What is fixed at creation and shown to donors.
    /// @param beneficiary Who receives the goods (for the record; money never goes to it).
    /// @param goalUsd The goal in USD with 18 decimals, valued at pledge time.
    /// @param targetUnits How many units the appeal buys (250,000).
    /// @param deadline End of funding (unix seconds). Pledges are accepted while `block.timestamp < deadline`.
    /// @param procurementDeadline After it anyone may close the campaign. At most the registry's procurement window
    /// after `deadline`, which is itself at most the registry's funding window after creation.
    /// @param deliveryGracePeriod Seconds after an order's deliver-by date before the organizer may cancel it.
    /// @param maxAdvanceBps The campaign-wide advance cap, in basis points: an order's advance is at most this
    /// share of its amount, and per token all advances not backed by verified delivery, over the campaign's whole
    /// life, stay within this share of the token's net pledges. At most the registry's ceiling.
    /// @param threshold How many verifiers must agree on a delivered quantity (at least the registry's minimum).
    /// @param allOrNothing True: a missed goal refunds everyone. False: keep what you raise.
    /// @param tokens Accepted tokens (`address(0)` is ETH), each listed in the registry.
    /// @param verifiers Who confirms deliveries (at most 5): active registered verifiers, never the organizer.
    /// @param unitName What a unit is ("surgical masks").
    /// @param metadataURI Title, story and images (an IPFS URI or similar).
    struct Params {
        address beneficiary;
        uint128 goalUsd;
        uint64 targetUnits;
        uint40 deadline;
        uint40 procurementDeadline;
        uint32 deliveryGracePeriod;
        uint16 maxAdvanceBps;
        uint8 threshold;
        bool allOrNothing;
        address[] tokens;
        address[] verifiers;
        string unitName;
        string metadataURI;
    }

    /// @notice One token's books in this campaign. All amounts are in the token's own units.
    /// @param pledged Everything ever credited by pledges (what arrived, for fee-on-transfer tokens).
    /// @param cancelled Returned to donors who cancelled while funding was open.
    /// @param refunded Returned to donors after failure or close.
    /// @param reserved Set aside for open orders and not yet earned.
    /// @param earned Credited to suppliers (advances and verified deliveries).
    /// @param withdrawn Taken out by suppliers.
    /// @param available Neither reserved, nor owed, nor returned: `pledged - cancelled - refunded - reserved - earned`.
    /// @param pledgedUsd USD value (18 decimals, at pledge time) of pledges not cancelled.
    /// @param unspentAtClose What was available when the campaign closed, shared pro rata among donors.
    /// @param unbacked Credited to suppliers beyond what verified deliveries earned, over the campaign's whole life
    /// (advances of cancelled orders included, reclaimed ones not). Never above `advanceCap`.
    /// @param advanceCap `maxAdvanceBps` of the net pledges (`pledged - cancelled`).
    struct Ledger {
        uint256 pledged;
        uint256 cancelled;
        uint256 refunded;
        uint256 reserved;
        uint256 earned;
        uint256 withdrawn;
        uint256 available;
        uint256 pledgedUsd;
        uint256 unspentAtClose;
        uint256 unbacked;
        uint256 advanceCap;
    }

    /// @notice A purchase order as the views report it (never stored as such). Its amount in each token is in
    /// `orderShare`.
    /// @param amountUsd What it pays in full, in USD (18 decimals) at the pledges' own prices.
    /// @param unitsVerified Units that `threshold` verifiers have confirmed (cumulative).
    /// @param unitsPaid Verified units the supplier has been credited for.
    /// @param advancePaid Whether the advance was credited on acceptance.
    /// @param advanceReclaimed Whether that advance was taken back when the order was cancelled.
    // solhint-disable-next-line gas-struct-packing
    struct Order {
        address supplier;
        uint256 amountUsd;
        uint64 units;
        uint64 unitsVerified;
        uint64 unitsPaid;
        uint40 deliverBy;
        uint16 advanceBps;
        bool advancePaid;
        bool advanceReclaimed;
        OrderStatus status;
        bytes32 termsHash;
    }

    // ───────────────────────────── events ─────────────────────────────

    /// @notice Emitted when a donor pledges; `amount` is what arrived and `usdValue` its value at pledge time.
    event Pledged(address indexed donor, address indexed token, uint256 amount, uint256 usdValue);

    /// @notice Emitted when a donor cancels a pledge while funding is open and takes it back (sent to `to`).
    event PledgeCancelled(address indexed donor, address indexed token, address to, uint256 amount, uint256 usdValue);

    /// @notice Emitted when the organizer ends funding early because the goal is met.
    event FundingClosed(address indexed by, uint256 raisedUsd);

    /// @notice Emitted when the stored status moves forward.
    event StatusChanged(Status indexed status, uint256 raisedUsd);

    /// @notice Emitted when the organizer places an order worth `amountUsd` (18 decimals, at pledge-time prices).
    event OrderCreated(
        uint256 indexed orderId,
        address indexed supplier,
        uint256 amountUsd,
        uint64 units,
        uint40 deliverBy,
        uint16 advanceBps,
        bytes32 termsHash
    );

    /// @notice Emitted per token when an order is placed: `amount` of `token` is reserved for it, the same fraction
    /// of every token's net pledges (`amountUsd / raisedUsd`, rounded down).
    event OrderReserved(uint256 indexed orderId, address indexed token, uint256 amount);

    /// @notice Emitted when the supplier accepts an order; its advance, per token, is in `PaymentReleased` events.
    event OrderAccepted(uint256 indexed orderId, address indexed supplier);

    /// @notice Emitted when the supplier marks a shipment with evidence (bill of lading, tracking link).
    event ShipmentMarked(uint256 indexed orderId, address indexed supplier, string evidenceURI);

    /// @notice Emitted for each verifier's confirmation of the cumulative units delivered.
    event DeliveryConfirmed(
        uint256 indexed orderId,
        address indexed verifier,
        uint64 unitsDelivered,
        bytes32 evidenceHash,
        bool bySignature
    );

    /// @notice Emitted when money is credited to a supplier: an advance on acceptance, or a verified delivery.
    event PaymentReleased(
        uint256 indexed orderId,
        address indexed supplier,
        address indexed token,
        uint256 amount,
        uint64 unitsVerified,
        bool advance
    );

    /// @notice Emitted when every unit of an order is verified and paid.
    event OrderCompleted(uint256 indexed orderId);

    /// @notice Emitted when an order is cancelled (by the organizer, or by whoever closed after the deadline).
    event OrderCancelled(uint256 indexed orderId, address indexed by);

    /// @notice Emitted per token when an order is cancelled: `amount` was reserved and unpaid, and is available again.
    event ReservationReturned(uint256 indexed orderId, address indexed token, uint256 amount);

    /// @notice Emitted per token when a cancelled order's advance, not backed by delivery and not withdrawn by its
    /// suspended supplier (which has not withdrawn since it accepted), is taken back and returned to the pool.
    event AdvanceReclaimed(uint256 indexed orderId, address indexed supplier, address indexed token, uint256 amount);

    /// @notice Emitted when a verifier uses up its signature nonce (`nonce` is the next one), by confirming or by
    /// cancelling its outstanding signatures.
    event NonceUsed(address indexed verifier, uint256 nonce);

    /// @notice Emitted per token when the campaign closes; `unspent` is shared among donors pro rata.
    event UnspentRecorded(address indexed token, uint256 unspent, uint256 netPledged);

    /// @notice Emitted when the campaign closes.
    event CampaignClosed(address indexed by);

    /// @notice Emitted when a donor takes back a refund (failure) or its share of what was unspent (close).
    event RefundClaimed(address indexed donor, address indexed token, address to, uint256 amount);

    /// @notice Emitted when a supplier withdraws what it earned.
    event Withdrawn(address indexed supplier, address indexed token, address to, uint256 amount);

    // ───────────────────────────── errors ─────────────────────────────

    /// @notice Thrown when the implementation itself (not a clone) is used.
    error CampaignNotInitialized();

    /// @notice Thrown when an address parameter that must be set is zero.
    error CampaignZeroAddress();

    /// @notice Thrown when the implementation is deployed with a procurement module made for another registry.
    error CampaignInvalidModule(address module);

    /// @notice Thrown when the goal or the target units are zero.
    error CampaignInvalidGoal(uint256 goalUsd, uint256 targetUnits);

    /// @notice Thrown when the funding deadline is not in the future.
    error CampaignInvalidDeadline(uint256 deadline, uint256 currentTime);

    /// @notice Thrown when the funding deadline is further away than the registry's funding window allows.
    error CampaignFundingWindowTooLong(uint256 deadline, uint256 latest);

    /// @notice Thrown when the procurement deadline is not after the funding deadline.
    error CampaignInvalidProcurementDeadline(uint256 procurementDeadline, uint256 deadline);

    /// @notice Thrown when the procurement deadline is further than the registry's procurement window after funding.
    error CampaignProcurementWindowTooLong(uint256 procurementDeadline, uint256 latest);

    /// @notice Thrown when the advance cap exceeds the registry's ceiling.
    error CampaignInvalidAdvanceCap(uint256 maxAdvanceBps, uint256 ceiling);

    /// @notice Thrown when the threshold is below the registry's minimum.
    error CampaignThresholdTooLow(uint256 threshold, uint256 minThreshold);

    /// @notice Thrown when a verifier is not an active verifier in the registry.
    error CampaignVerifierNotRegistered(address verifier, IRegistry.PartyStatus status);

    /// @notice Thrown when the organizer lists itself among the verifiers.
    error CampaignOrganizerIsVerifier(address organizer);

    /// @notice Thrown when an order is placed with a supplier that is one of the campaign's verifiers.
    error CampaignSupplierIsVerifier(address supplier);

    /// @notice Thrown when there are no accepted tokens or too many.
    error CampaignInvalidTokenCount(uint256 count, uint256 max);

    /// @notice Thrown when a token is listed twice.
    error CampaignDuplicateToken(address token);

    /// @notice Thrown when the verifier count or threshold is out of range (1 <= threshold <= count <= 5).
    error CampaignInvalidVerifiers(uint256 count, uint256 threshold);

    /// @notice Thrown when a verifier is listed twice.
    error CampaignDuplicateVerifier(address verifier);

    /// @notice Thrown when the unit name or metadata URI is empty or longer than 1,024 bytes.
    error CampaignInvalidText(uint256 unitNameLength, uint256 metadataURILength);

    /// @notice Thrown when a caller other than the campaign's organizer calls an organizer function.
    error CampaignNotOrganizer(address caller, address organizer);

    /// @notice Thrown when the campaign's organizer no longer holds `ORGANIZER_ROLE` in the registry.
    error CampaignOrganizerRevoked(address organizer);

    /// @notice Thrown when a supplier accepts an order after its deliver-by date.
    error CampaignOrderOverdue(uint256 orderId, uint256 deliverBy);

    /// @notice Thrown when an address that is not one of this campaign's verifiers confirms.
    error CampaignNotVerifier(address account);

    /// @notice Thrown when a caller other than the order's supplier acts on it.
    error CampaignNotSupplier(uint256 orderId, address caller, address supplier);

    /// @notice Thrown when a token is not among this campaign's accepted tokens.
    error CampaignTokenNotAccepted(address token);

    /// @notice Thrown when ETH is pledged through `pledge` instead of `pledgeETH`.
    error CampaignUsePledgeETH();

    /// @notice Thrown when pledging or cancelling after funding ended.
    error CampaignFundingEnded(uint256 deadline, uint256 currentTime);

    /// @notice Thrown when the action needs another campaign status.
    error CampaignWrongStatus(Status current, Status required);

    /// @notice Thrown when an amount is zero.
    error CampaignZeroAmount();

    /// @notice Thrown when an amount does not fit the campaign's storage (above 2^128 - 1).
    error CampaignAmountTooLarge(uint256 amount);

    /// @notice Thrown when a donor has no pledge of `token` to cancel.
    error CampaignNoPledge(address donor, address token);

    /// @notice Thrown when closing funding early before the goal is reached.
    error CampaignGoalNotReached(uint256 raisedUsd, uint256 goalUsd);

    /// @notice Thrown when an order is worth more than everything raised.
    error CampaignOrderAboveRaised(uint256 amountUsd, uint256 raisedUsd);

    /// @notice Thrown when an order needs more than the token's available pool.
    error CampaignInsufficientFunds(address token, uint256 available, uint256 required);

    /// @notice Thrown when a supplier is not vetted (unknown or suspended) in the registry.
    error CampaignSupplierNotVetted(address supplier, IRegistry.PartyStatus status);

    /// @notice Thrown when a suspended supplier withdraws: what it is owed is held until it is reinstated.
    error CampaignSupplierSuspended(address supplier);

    /// @notice Thrown when accepting an order would take a token's unbacked advances beyond the campaign-wide cap.
    error CampaignAdvanceCapExceeded(address token, uint256 unbacked, uint256 advance, uint256 cap);

    /// @notice Thrown when an order's units are zero or above 2^40 - 1.
    error CampaignInvalidUnits(uint256 units);

    /// @notice Thrown when an order's deliver-by date plus the grace period is not within the procurement window.
    error CampaignInvalidDeliverBy(uint256 deliverBy, uint256 earliest, uint256 latest);

    /// @notice Thrown when an order's advance exceeds the campaign's cap.
    error CampaignAdvanceAboveCap(uint256 advanceBps, uint256 maxAdvanceBps);

    /// @notice Thrown when the campaign already holds the maximum number of orders.
    error CampaignTooManyOrders(uint256 max);

    /// @notice Thrown when acting on an order after the procurement deadline.
    error CampaignProcurementEnded(uint256 procurementDeadline, uint256 currentTime);

    /// @notice Thrown when an order id does not exist.
    error CampaignUnknownOrder(uint256 orderId, uint256 orderCount);

    /// @notice Thrown when an order is not in a status that allows the action.
    error CampaignWrongOrderStatus(uint256 orderId, OrderStatus status);

    /// @notice Thrown when a confirmation claims more units than the order.
    error CampaignUnitsExceedOrder(uint256 orderId, uint256 unitsDelivered, uint256 orderUnits);

    /// @notice Thrown when a verifier confirms no more units than it already confirmed (also stops replays).
    error CampaignConfirmationNotIncreasing(
        uint256 orderId,
        address verifier,
        uint256 confirmed,
        uint256 unitsDelivered
    );

    /// @notice Thrown when a confirmation carries no evidence hash, or a shipment no evidence URI.
    error CampaignMissingEvidence();

    /// @notice Thrown when signed confirmations, with those already made, leave fewer than `threshold` verifiers
    /// agreeing on the quantity (`count` is how many do).
    error CampaignNotEnoughSignatures(uint256 count, uint256 threshold);

    /// @notice Thrown when a signature is not the verifier's (ECDSA or ERC-1271) for this order, quantity,
    /// evidence, nonce and deadline.
    error CampaignInvalidSignature(address verifier, uint256 nonce);

    /// @notice Thrown when a signed confirmation is used after its deadline.
    error CampaignSignatureExpired(address verifier, uint256 deadline, uint256 currentTime);

    /// @notice Thrown when cancelling an accepted order before its deliver-by date plus the grace period.
    error CampaignOrderNotExpired(uint256 orderId, uint256 cancellableAt);

    /// @notice Thrown when the organizer closes while orders are open and the procurement deadline has not passed.
    error CampaignOrdersOpen(uint256 openOrders, uint256 procurementDeadline);

    /// @notice Thrown when someone other than the organizer closes before the procurement deadline.
    error CampaignCloseTooEarly(uint256 procurementDeadline, uint256 currentTime);

    /// @notice Thrown when nothing is due to a donor.
    error CampaignNothingToRefund(address donor, address token);

    /// @notice Thrown when nothing is due to a supplier, in any token.
    error CampaignNothingToWithdraw(address supplier);

    /// @notice Thrown when a release finds nothing verified beyond what was paid.
    error CampaignNothingToRelease(uint256 orderId);

    // ───────────────────────────── initialization ─────────────────────────────

    /// @notice Validates the immutable parameters and opens funding. Called once by the factory.
    function initialize() external;

    // ───────────────────────────── views ─────────────────────────────

    /// @notice The registry this campaign obeys.
    function registry() external view returns (IRegistry);

    /// @notice The organizer who launched the campaign.
    function organizer() external view returns (address);

    /// @notice The parameters fixed at creation.
    function params() external view returns (Params memory);

    /// @notice The current status, derived from time and money where the stored status lags behind.
    function status() external view returns (Status);

    /// @notice USD (18 decimals) of every pledge not cancelled, each valued at its pledge time.
    function raisedUsd() external view returns (uint256);

    /// @notice Whether `account` is one of the campaign's verifiers.
    function isVerifier(address account) external view returns (bool);

    /// @notice The donor's standing pledge of `token` (zero once cancelled or refunded).
    function pledgeOf(address donor, address token) external view returns (uint256 amount, uint256 usdValue);

    /// @notice What `donor` could claim now with `claimRefund(token)`.
    function refundable(address donor, address token) external view returns (uint256);

    /// @notice What `supplier` could withdraw now in `token` (`withdraw()` takes every token at once).
    function withdrawable(address supplier, address token) external view returns (uint256);

    /// @notice The books of `token` in this campaign.
    function ledger(address token) external view returns (Ledger memory);

    /// @notice The order `orderId`.
    function order(uint256 orderId) external view returns (Order memory);

    /// @notice What order `orderId` pays in `token`: its reserved `amount`, what was `paid` (credited) so far, and
    /// its `advance` (credited on acceptance when `advanceBps` is set).
    function orderShare(
        uint256 orderId,
        address token
    ) external view returns (uint256 amount, uint256 paid, uint256 advance);

    /// @notice The largest `amountUsd` a new order could reserve now (every token's pool allowing).
    function unreservedUsd() external view returns (uint256);

    /// @notice How many orders were ever placed (ids are `0 .. orderCount() - 1`).
    function orderCount() external view returns (uint256);

    /// @notice How many orders are neither completed nor cancelled.
    function openOrderCount() external view returns (uint256);

    /// @notice The cumulative units `verifier` has confirmed for `orderId`.
    function confirmedUnits(uint256 orderId, address verifier) external view returns (uint64);

    /// @notice The signature nonce `verifier` must sign with next (see `confirmationDigest`).
    function nonces(address verifier) external view returns (uint256);

    /// @notice The EIP-712 digest `verifier` signs to confirm `unitsDelivered` of `orderId` with `evidenceHash`:
    /// `ConfirmDelivery(uint256 orderId,address supplier,bytes32 termsHash,uint64 unitsDelivered,bytes32 evidenceHash,
    /// address verifier,uint256 nonce,uint256 deadline)` in the domain ("Handover Campaign", "2", chain id, campaign).
    function confirmationDigest(
        uint256 orderId,
        uint64 unitsDelivered,
        bytes32 evidenceHash,
        address verifier,
        uint256 nonce,
        uint256 deadline
    ) external view returns (bytes32);

    // ───────────────────────────── donors ─────────────────────────────

    /// @notice Pledges the ETH sent, valued in USD through the registry's feed.
    function pledgeETH() external payable;

    /// @notice Pledges `amount` of an accepted ERC-20 (after `approve`). Credits what actually arrived.
    function pledge(address token, uint256 amount) external;

    /// @notice Pledges with an EIP-2612 permit. Succeeds when the permit was already used but the allowance is there.
    function pledgeWithPermit(address token, uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external;

    /// @notice Takes back the caller's whole pledge of `token` while funding is open.
    function cancelPledge(address token) external;

    /// @notice Same as `cancelPledge` but sends to `to` (for a donor that cannot receive, e.g. a blocklisted one).
    function cancelPledgeTo(address token, address to) external;

    /// @notice Claims what the caller is owed in `token`: everything after a failure, a pro-rata share after close.
    function claimRefund(address token) external;

    /// @notice Same as `claimRefund` but sends to `to` (for donors that cannot receive, e.g. a contract).
    function claimRefundTo(address token, address to) external;

    // ───────────────────────────── organizer ─────────────────────────────

    /// @notice Ends funding before the deadline once the goal is met. Only the organizer (every organizer function
    /// also requires that the registry still grants it `ORGANIZER_ROLE`).
    function closeFunding() external;

    // Orders, acceptances, shipments and close: see ICampaignProcurement.

    // ───────────────────────────── suppliers ─────────────────────────────

    /// @notice Withdraws everything the caller earned, in every token at once (a `Withdrawn` event per token).
    /// Refused while the caller is a suspended supplier: what it earned is held until it is reinstated.
    function withdraw() external;

    /// @notice Same as `withdraw` but sends to `to` (for a supplier whose own address cannot receive, or that a
    /// token's issuer has blocklisted).
    function withdrawTo(address to) external;

    // Confirmations: see ICampaignProcurement.
}
