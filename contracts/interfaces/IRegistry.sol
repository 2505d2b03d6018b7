// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

/// @title IRegistry
/// @notice One per deployment: roles, vetted suppliers, accepted tokens with their USD price feeds, and
/// the emergency pause that every campaign of the deployment obeys.
interface IRegistry is IAccessControl {
    // ───────────────────────────── types ─────────────────────────────

    /// @notice Where a supplier stands after due diligence.
    enum SupplierStatus {
        None,
        Active,
        Suspended
    }

    /// @notice A supplier as registered by a vetter.
    struct Supplier {
        SupplierStatus status;
        uint40 registeredAt;
        uint40 updatedAt;
        bytes32 dossierHash;
        string name;
        string country;
    }

    /// @notice An accepted token (`address(0)` is ETH) and the Chainlink-compatible feed that prices it in USD.
    struct TokenConfig {
        address feed;
        uint32 maxStaleness;
        uint8 tokenDecimals;
        uint8 feedDecimals;
        bool accepted;
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

    /// @notice Emitted when a vetter suspends a supplier; it earns nothing until reinstated.
    event SupplierSuspended(address indexed supplier, address indexed vetter, string reason);

    /// @notice Emitted when a vetter reinstates a suspended supplier.
    event SupplierReinstated(address indexed supplier, address indexed vetter);

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

    // ───────────────────────────── errors ─────────────────────────────

    /// @notice Thrown when an address argument that must be set is zero.
    error RegistryZeroAddress();

    /// @notice Thrown when a supplier is registered without a name or a country.
    error RegistryEmptySupplierDetails();

    /// @notice Thrown when registering a supplier that is already registered.
    error RegistrySupplierAlreadyRegistered(address supplier, SupplierStatus status);

    /// @notice Thrown when suspending a supplier that is not active.
    error RegistrySupplierNotActive(address supplier, SupplierStatus status);

    /// @notice Thrown when reinstating a supplier that is not suspended.
    error RegistrySupplierNotSuspended(address supplier, SupplierStatus status);

    /// @notice Thrown when a token is used that the registry does not accept.
    error RegistryTokenNotAccepted(address token);

    /// @notice Thrown when a feed has no code or reports an unusable number of decimals.
    error RegistryInvalidFeed(address token, address feed);

    /// @notice Thrown when a token's decimals cannot be read or exceed 36.
    error RegistryInvalidTokenDecimals(address token);

    /// @notice Thrown when a feed's maximum staleness is zero or above 7 days.
    error RegistryInvalidMaxStaleness(uint256 maxStaleness, uint256 limit);

    /// @notice Thrown when a price is older than the token's maximum staleness (or was never set).
    error RegistryStalePrice(address token, uint256 updatedAt, uint256 maxStaleness, uint256 currentTime);

    /// @notice Thrown when the USD value of `amount` does not fit in 256 bits.
    error RegistryValueTooLarge(address token, uint256 amount);

    /// @notice Thrown when a feed reports a zero or negative price.
    error RegistryNonPositivePrice(address token, int256 answer);

    // ───────────────────────────── roles ─────────────────────────────

    /// @notice Role that registers, suspends and reinstates suppliers.
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
    /// @dev Campaigns call this before releasing money, so one call answers both questions.
    function activeSupplierStatus(address supplier) external view returns (SupplierStatus);

    // ───────────────────────────── tokens and prices ─────────────────────────────

    /// @notice Lists `token` (or changes its feed) with a USD feed and the feed's maximum staleness in seconds.
    /// Only `DEFAULT_ADMIN_ROLE`. `address(0)` is ETH.
    function setAcceptedToken(address token, address feed, uint32 maxStaleness) external;

    /// @notice Stops accepting `token` for new pledges. Money already pledged stays refundable. Only admin.
    function removeAcceptedToken(address token) external;

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
    /// Reverts on a token that is not accepted, a stale price, or a price that is not positive.
    function usdValue(address token, uint256 amount) external view returns (uint256 usd);

    /// @notice Same as `usdValue`, but also reverts with `EnforcedPause` while paused. Campaigns call it on pledge.
    function quotePledge(address token, uint256 amount) external view returns (uint256 usd);

    // ───────────────────────────── pause ─────────────────────────────

    /// @notice Stops new pledges, orders and releases in every campaign. Only `PAUSER_ROLE`.
    function pause() external;

    /// @notice Lifts the pause. Only `PAUSER_ROLE`.
    function unpause() external;

    /// @notice Whether the deployment is paused.
    function paused() external view returns (bool);
}
