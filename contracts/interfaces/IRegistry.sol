// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

/// @title IRegistry
/// @notice One per deployment: roles, vetted suppliers, registered verifiers, accepted tokens with their USD price
/// feeds, the platform's limits on campaigns, and the emergency pause that every campaign of the deployment obeys.
interface IRegistry is IAccessControl {
    // ───────────────────────────── types ─────────────────────────────

    /// @notice Where a supplier or a verifier stands after due diligence.
    enum PartyStatus {
        None,
        Active,
        Suspended
    }

    /// @notice A supplier as registered by a vetter.
    struct Supplier {
        PartyStatus status;
        uint40 registeredAt;
        uint40 updatedAt;
        bytes32 dossierHash;
        string name;
        string country;
    }

    /// @notice A verifier (a warehouse, a UN office, a logistics agent) as registered by a vetter.
    struct Verifier {
        PartyStatus status;
        uint40 registeredAt;
        uint40 updatedAt;
        bytes32 dossierHash;
        string name;
        string organization;
    }

    /// @notice An accepted token (`address(0)` is ETH) and the Chainlink-compatible feed that prices it in USD.
    /// @param bounded Whether the admin set price bounds (see `priceBounds`).
    struct TokenConfig {
        address feed;
        uint32 maxStaleness;
        uint8 tokenDecimals;
        uint8 feedDecimals;
        bool accepted;
        bool bounded;
    }

    /// @notice What the platform allows a campaign. Campaigns read them once, when they are created.
    /// @param maxFundingWindow Longest time from creation to the funding deadline, in seconds.
    /// @param maxProcurementWindow Longest time from the funding deadline to the procurement deadline, in seconds.
    /// @param maxAdvanceBps Highest advance cap a campaign may set, in basis points.
    /// @param minThreshold Fewest verifiers that must agree on a delivery.
    struct Limits {
        uint32 maxFundingWindow;
        uint32 maxProcurementWindow;
        uint16 maxAdvanceBps;
        uint8 minThreshold;
    }

    // ───────────────────────────── events ─────────────────────────────

    /// @notice Emitted when a vetter registers a supplier after due diligence.
    event SupplierRegistered(
        address indexed supplier,
        address indexed vetter,
        string name,
        string country,
        bytes32 dossierHash
    );

    /// @notice Emitted when a vetter suspends a supplier; nothing it is owed can leave until it is reinstated.
    event SupplierSuspended(address indexed supplier, address indexed vetter, string reason);

    /// @notice Emitted when a vetter reinstates a suspended supplier.
    event SupplierReinstated(address indexed supplier, address indexed vetter);

    /// @notice Emitted when a vetter registers a verifier.
    event VerifierRegistered(
        address indexed verifier,
        address indexed vetter,
        string name,
        string organization,
        bytes32 dossierHash
    );

    /// @notice Emitted when a vetter suspends a verifier; its confirmations are refused until it is reinstated.
    event VerifierSuspended(address indexed verifier, address indexed vetter, string reason);

    /// @notice Emitted when a vetter reinstates a suspended verifier.
    event VerifierReinstated(address indexed verifier, address indexed vetter);

    /// @notice Emitted when the admin lists a token or changes its feed.
    event AcceptedTokenSet(
        address indexed token,
        address indexed feed,
        uint32 maxStaleness,
        uint8 tokenDecimals,
        uint8 feedDecimals
    );

    /// @notice Emitted when the admin stops accepting a token for new pledges.
    event AcceptedTokenRemoved(address indexed token);

    /// @notice Emitted when the admin sets (or, with zeros, removes) the bounds a token's price must lie within.
    event PriceBoundsSet(address indexed token, uint256 minAnswer, uint256 maxAnswer);

    /// @notice Emitted when the admin sets (or, with `address(0)`, removes) the L2 sequencer-uptime feed.
    event SequencerUptimeFeedSet(address indexed feed, uint32 gracePeriod);

    /// @notice Emitted when the admin changes the platform's limits on new campaigns.
    event LimitsSet(uint32 maxFundingWindow, uint32 maxProcurementWindow, uint16 maxAdvanceBps, uint8 minThreshold);

    // ───────────────────────────── errors ─────────────────────────────

    /// @notice Thrown when an address argument that must be set is zero.
    error RegistryZeroAddress();

    /// @notice Thrown when a supplier or verifier is registered without a name, or without a country/organization.
    error RegistryEmptyDetails();

    /// @notice Thrown when registering a supplier that is already registered.
    error RegistrySupplierAlreadyRegistered(address supplier, PartyStatus status);

    /// @notice Thrown when suspending a supplier that is not active.
    error RegistrySupplierNotActive(address supplier, PartyStatus status);

    /// @notice Thrown when reinstating a supplier that is not suspended.
    error RegistrySupplierNotSuspended(address supplier, PartyStatus status);

    /// @notice Thrown when registering a verifier that is already registered.
    error RegistryVerifierAlreadyRegistered(address verifier, PartyStatus status);

    /// @notice Thrown when suspending a verifier that is not active.
    error RegistryVerifierNotActive(address verifier, PartyStatus status);

    /// @notice Thrown when reinstating a verifier that is not suspended.
    error RegistryVerifierNotSuspended(address verifier, PartyStatus status);

    /// @notice Thrown when a token is used that the registry does not accept.
    error RegistryTokenNotAccepted(address token);

    /// @notice Thrown when a feed has no code, does not answer, or reports an unusable number of decimals.
    error RegistryInvalidFeed(address token, address feed);

    /// @notice Thrown when a token's decimals cannot be read.
    error RegistryInvalidTokenDecimals(address token);

    /// @notice Thrown when a token has more decimals than the registry accepts (24).
    error RegistryTooManyDecimals(address token, uint256 decimals, uint256 max);

    /// @notice Thrown when a feed's maximum staleness is zero or above 7 days.
    error RegistryInvalidMaxStaleness(uint256 maxStaleness, uint256 limit);

    /// @notice Thrown when a price is older than the token's maximum staleness (or was never set).
    error RegistryStalePrice(address token, uint256 updatedAt, uint256 maxStaleness, uint256 currentTime);

    /// @notice Thrown when a feed reports a round dated after the current block.
    error RegistryFuturePrice(address token, uint256 updatedAt, uint256 currentTime);

    /// @notice Thrown when the USD value of `amount` does not fit in 256 bits.
    error RegistryValueTooLarge(address token, uint256 amount);

    /// @notice Thrown when a feed reports a zero or negative price.
    error RegistryNonPositivePrice(address token, int256 answer);

    /// @notice Thrown when a price lies outside the bounds the admin set for the token.
    error RegistryPriceOutOfBounds(address token, uint256 answer, uint256 minAnswer, uint256 maxAnswer);

    /// @notice Thrown when price bounds are inverted or only one of them is zero.
    error RegistryInvalidPriceBounds(uint256 minAnswer, uint256 maxAnswer);

    /// @notice Thrown when the L2 sequencer-uptime feed reports the sequencer down (`answer` 1).
    error RegistrySequencerDown(address feed, int256 answer);

    /// @notice Thrown while the sequencer is back up for less than the grace period.
    error RegistrySequencerGracePeriod(uint256 upSince, uint256 gracePeriod, uint256 currentTime);

    /// @notice Thrown when the sequencer grace period is zero with a feed set, or longer than a day.
    error RegistryInvalidGracePeriod(uint256 gracePeriod, uint256 limit);

    /// @notice Thrown when a limit is zero or beyond what the registry ever allows.
    /// @param limit Which limit: "maxFundingWindow", "maxProcurementWindow", "maxAdvanceBps" or "minThreshold".
    error RegistryInvalidLimit(string limit, uint256 value, uint256 min, uint256 max);

    // ───────────────────────────── roles ─────────────────────────────

    /// @notice Role that registers, suspends and reinstates suppliers and verifiers.
    function VETTER_ROLE() external view returns (bytes32);

    /// @notice Role that launches campaigns through the factory.
    function ORGANIZER_ROLE() external view returns (bytes32);

    /// @notice Role that pauses and unpauses the deployment.
    function PAUSER_ROLE() external view returns (bytes32);

    // ───────────────────────────── suppliers ─────────────────────────────

    /// @notice Registers `supplier` as vetted. Only `VETTER_ROLE`.
    /// @param supplier The address that will accept orders and withdraw earnings.
    /// @param name The supplier's legal name.
    /// @param country The supplier's country (ISO 3166 code or name).
    /// @param dossierHash Hash of the due-diligence dossier (licence, product certificates) kept off-chain.
    function registerSupplier(
        address supplier,
        string calldata name,
        string calldata country,
        bytes32 dossierHash
    ) external;

    /// @notice Suspends an active supplier. Only `VETTER_ROLE`.
    /// @param supplier The supplier to suspend.
    /// @param reason Why, for the public record.
    function suspendSupplier(address supplier, string calldata reason) external;

    /// @notice Reinstates a suspended supplier. Only `VETTER_ROLE`.
    /// @param supplier The supplier to reinstate.
    function reinstateSupplier(address supplier) external;

    /// @notice Whether `supplier` is registered and active.
    function isVettedSupplier(address supplier) external view returns (bool);

    /// @notice The supplier record of `supplier` (status `None` when never registered).
    function supplier(address supplier) external view returns (Supplier memory);

    /// @notice Every address ever registered as a supplier, in registration order.
    function suppliers() external view returns (address[] memory);

    /// @notice The status of `supplier`, reverting with `EnforcedPause` while the deployment is paused.
    /// @dev Campaigns call this before new commitments (orders, acceptances), so one call answers both questions.
    function activeSupplierStatus(address supplier) external view returns (PartyStatus);

    /// @notice The status of `supplier` (never reverts: campaigns call it before a withdrawal, which a pause allows).
    function supplierStatus(address supplier) external view returns (PartyStatus);

    /// @notice The status of `supplier` and whether the deployment is paused, without reverting.
    /// @dev Campaigns call this where a pause defers a payment but must not block the call (confirmations, closes).
    function supplierStanding(address supplier) external view returns (PartyStatus status, bool isPaused);

    // ───────────────────────────── verifiers ─────────────────────────────

    /// @notice Registers `verifier`: a named party that may confirm deliveries. Only `VETTER_ROLE`.
    /// @param verifier The address (an EOA or a contract wallet such as a Safe) that confirms.
    /// @param name What it is ("WAHO Abuja warehouse").
    /// @param organization Who stands behind it ("West African Health Organization").
    /// @param dossierHash Hash of the registration dossier kept off-chain.
    function registerVerifier(
        address verifier,
        string calldata name,
        string calldata organization,
        bytes32 dossierHash
    ) external;

    /// @notice Suspends an active verifier: campaigns refuse its confirmations until it is reinstated.
    /// Only `VETTER_ROLE`.
    function suspendVerifier(address verifier, string calldata reason) external;

    /// @notice Reinstates a suspended verifier. Only `VETTER_ROLE`.
    function reinstateVerifier(address verifier) external;

    /// @notice The verifier record of `verifier` (status `None` when never registered).
    function verifier(address verifier) external view returns (Verifier memory);

    /// @notice Every address ever registered as a verifier, in registration order.
    function verifiers() external view returns (address[] memory);

    /// @notice The status of `verifier` (never reverts: a pause does not stop verifiers recording what they saw).
    function verifierStatus(address verifier) external view returns (PartyStatus);

    // ───────────────────────────── limits ─────────────────────────────

    /// @notice The platform's limits on new campaigns.
    function limits() external view returns (Limits memory);

    /// @notice Sets the limits on campaigns created from now on. Only `DEFAULT_ADMIN_ROLE`. Each is checked
    /// against a bound the registry never exceeds (365 days of funding, 3 years of procurement, a 50% advance cap,
    /// at least 1 verifier).
    function setLimits(Limits calldata newLimits) external;

    // ───────────────────────────── tokens and prices ─────────────────────────────

    /// @notice Lists `token` (or changes its feed) with a USD feed and the feed's maximum staleness in seconds.
    /// Only `DEFAULT_ADMIN_ROLE`. `address(0)` is ETH. Changing the feed removes the token's price bounds (they
    /// were in the old feed's terms).
    function setAcceptedToken(address token, address feed, uint32 maxStaleness) external;

    /// @notice Stops accepting `token` for new pledges. Money already pledged stays refundable. Only admin.
    function removeAcceptedToken(address token) external;

    /// @notice Sets the bounds (in the feed's decimals) outside which a price of `token` is refused; `(0, 0)`
    /// removes them. Only `DEFAULT_ADMIN_ROLE`.
    function setPriceBounds(address token, uint128 minAnswer, uint128 maxAnswer) external;

    /// @notice The price bounds of `token` (`(0, 0)` when none).
    function priceBounds(address token) external view returns (uint256 minAnswer, uint256 maxAnswer);

    /// @notice Sets the Chainlink L2 sequencer-uptime feed and the grace period after the sequencer comes back up
    /// during which prices are refused; `address(0)` removes the check. Only `DEFAULT_ADMIN_ROLE`.
    function setSequencerUptimeFeed(address feed, uint32 gracePeriod) external;

    /// @notice The sequencer-uptime feed (`address(0)` when none) and its grace period.
    function sequencerUptimeFeed() external view returns (address feed, uint32 gracePeriod);

    /// @notice Whether `token` is accepted.
    function isAcceptedToken(address token) external view returns (bool);

    /// @notice The configuration of `token`.
    function tokenConfig(address token) external view returns (TokenConfig memory);

    /// @notice Every token ever listed (check `isAcceptedToken` for the current state).
    function listedTokens() external view returns (address[] memory);

    /// @notice The latest usable price of `token` in USD with the feed's decimals.
    /// @return price The answer of the feed.
    /// @return feedDecimals The decimals of `price`.
    /// @return updatedAt When the feed last updated.
    function price(address token) external view returns (uint256 price, uint8 feedDecimals, uint256 updatedAt);

    /// @notice The USD value, with 18 decimals, of `amount` of `token` in the token's own decimals.
    /// Reverts on a token that is not accepted, or a price that is stale, future-dated, not positive, out of its
    /// bounds, or read while the L2 sequencer is down or in its grace period.
    function usdValue(address token, uint256 amount) external view returns (uint256 usd);

    /// @notice Same as `usdValue`, but also reverts with `EnforcedPause` while paused. Campaigns call it on pledge.
    function quotePledge(address token, uint256 amount) external view returns (uint256 usd);

    // ───────────────────────────── pause ─────────────────────────────

    /// @notice Stops new pledges, orders, acceptances and payments to suppliers in every campaign. Refunds,
    /// cancellations, withdrawals of what is owed and verifiers' confirmations go on. Only `PAUSER_ROLE`.
    function pause() external;

    /// @notice Lifts the pause. Only `PAUSER_ROLE`.
    function unpause() external;

    /// @notice Whether the deployment is paused.
    function paused() external view returns (bool);
}
