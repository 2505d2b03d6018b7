// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title ICampaignProcurement
/// @notice A campaign's purchase orders, deliveries and close: what the organizer, suppliers and verifiers do once
/// an appeal has succeeded. Every campaign exposes these functions; its implementation delegates them to the
/// `CampaignProcurement` module, which shares the campaign's storage (see `CampaignStorage`).
interface ICampaignProcurement {
    /// @notice One verifier's EIP-712 confirmation, as a relayer submits it.
    /// @param verifier Who signed: an EOA (ECDSA) or a contract wallet (ERC-1271), one of the campaign's verifiers.
    /// @param deadline Last second at which the signature may be used.
    /// @param signature The signature of `confirmationDigest(orderId, unitsDelivered, evidenceHash, verifier,
    /// nonce, deadline)` with the verifier's current nonce.
    struct SignedConfirmation {
        address verifier;
        uint256 deadline;
        bytes signature;
    }

    // ───────────────────────────── organizer ─────────────────────────────

    /// @notice Places a purchase order with a vetted supplier. Only the organizer, during procurement.
    /// The order is worth `amountUsd` at pledge-time prices and reserves the same fraction of every token's net
    /// pledges, `amountUsd / raisedUsd()`: the supplier is paid in the campaign's token mix, so every donor's money
    /// is spent in the same proportion whatever token they gave.
    /// @param supplier A supplier the registry vets; never one of the campaign's verifiers.
    /// @param amountUsd What the order pays in full, in USD with 18 decimals at the pledges' own prices.
    /// @param units How many units it buys.
    /// @param deliverBy Deliver-by date (unix seconds); with the grace period it must end by the procurement deadline.
    /// @param advanceBps The advance paid on acceptance, at most the campaign's cap.
    /// @param termsHash Hash of the purchase terms kept off-chain (an IPFS CID's digest).
    /// @return orderId The new order's id.
    function createOrder(
        address supplier,
        uint256 amountUsd,
        uint64 units,
        uint40 deliverBy,
        uint16 advanceBps,
        bytes32 termsHash
    ) external returns (uint256 orderId);

    /// @notice Cancels an order: any time before acceptance or once its supplier is suspended, otherwise only after
    /// its deliver-by date plus the grace period. The supplier is first credited with every verified unit; an
    /// advance a suspended supplier has not withdrawn returns to the pool; the rest of the reservation returns too.
    function cancelOrder(uint256 orderId) external;

    /// @notice Closes the campaign and records what is unspent per token for pro-rata refunds. The organizer may
    /// close once no order is open; anyone may close after the procurement deadline (open orders are then settled
    /// and cancelled as by `cancelOrder`).
    function close() external;

    // ───────────────────────────── suppliers ─────────────────────────────

    /// @notice Accepts an order, at the latest on its deliver-by date; its advance, if any, becomes withdrawable
    /// provided every token's unbacked advances stay within the campaign-wide cap. Only the order's supplier.
    function acceptOrder(uint256 orderId) external;

    /// @notice Marks a shipment of an accepted order with evidence. Only the order's supplier; may repeat.
    function markShipped(uint256 orderId, string calldata evidenceURI) external;

    // ───────────────────────────── verifiers ─────────────────────────────

    /// @notice The caller, an active registered verifier of the campaign, confirms the cumulative units delivered
    /// for `orderId` with evidence. Recorded even while the deployment is paused; when `threshold` verifiers have
    /// confirmed at least some quantity, the supplier is credited its share of it (deferred while paused).
    /// Confirmations stop at the procurement deadline. Uses up the caller's current signature nonce.
    function confirmDelivery(uint256 orderId, uint64 unitsDelivered, bytes32 evidenceHash) external;

    /// @notice Submits verifiers' EIP-712 confirmations of the same quantity; anyone may submit. Each is from a
    /// different verifier, before its deadline, with the verifier's current nonce; together with the confirmations
    /// already made they must bring `threshold` verifiers to agree on `unitsDelivered`.
    function confirmDeliveryBySig(
        uint256 orderId,
        uint64 unitsDelivered,
        bytes32 evidenceHash,
        SignedConfirmation[] calldata confirmations
    ) external;

    /// @notice Invalidates every confirmation the caller, a verifier of the campaign, signed and that was not used.
    function cancelSignatures() external;

    /// @notice Credits the supplier with what verified deliveries earned but was not yet credited (after a pause
    /// is lifted). Anyone may call.
    function releasePayment(uint256 orderId) external;
}
