// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {AccessControlDefaultAdminRules} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";

import {AggregatorV3Interface} from "./interfaces/AggregatorV3Interface.sol";
import {IRegistry} from "./interfaces/IRegistry.sol";

/// @title Registry
/// @notice Roles, vetted suppliers, accepted tokens with their USD feeds, and the pause switch of one deployment.
/// @dev The default admin is transferred in two steps with a delay (`AccessControlDefaultAdminRules`); in
/// production it is a multisig.
contract Registry is IRegistry, AccessControlDefaultAdminRules, Pausable {
    // ───────────────────────────── constants ─────────────────────────────

    /// @inheritdoc IRegistry
    bytes32 public constant override VETTER_ROLE = keccak256("VETTER_ROLE");

    /// @inheritdoc IRegistry
    bytes32 public constant override ORGANIZER_ROLE = keccak256("ORGANIZER_ROLE");

    /// @inheritdoc IRegistry
    bytes32 public constant override PAUSER_ROLE = keccak256("PAUSER_ROLE");

    /// @notice The longest staleness a feed may be configured with.
    uint256 public constant MAX_STALENESS_LIMIT = 7 days;

    /// @notice ETH's decimals; ETH is listed as `address(0)`.
    uint8 private constant ETH_DECIMALS = 18;

    /// @notice Token and feed decimals above this are refused (keeps the valuation arithmetic in range).
    uint8 private constant MAX_DECIMALS = 36;

    // ───────────────────────────── types ─────────────────────────────

    struct TokenSlot {
        address feed;
        uint32 maxStaleness;
        uint8 tokenDecimals;
        uint8 feedDecimals;
        bool accepted;
        bool paused;
    }

    // ───────────────────────────── storage ─────────────────────────────

    mapping(address supplier => Supplier) private _suppliers;
    address[] private _supplierList;

    /// @dev A token's configuration and a copy of the pause flag, in one slot: a pledge's quote reads one slot
    /// instead of two. `pause`, `unpause` and `setAcceptedToken` keep every copy equal to `paused()`.
    mapping(address token => TokenSlot) private _tokens;
    address[] private _tokenList;

    // ───────────────────────────── constructor ─────────────────────────────

    /// @param initialAdmin The first default admin (a multisig in production).
    /// @param initialAdminDelay Seconds a default-admin transfer must wait before it can be accepted.
    constructor(
        address initialAdmin,
        uint48 initialAdminDelay
    ) AccessControlDefaultAdminRules(initialAdminDelay, initialAdmin) {}

    // ───────────────────────────── external views ─────────────────────────────

    /// @inheritdoc IRegistry
    function isVettedSupplier(address account) external view override returns (bool) {
        return _suppliers[account].status == SupplierStatus.Active;
    }

    /// @inheritdoc IRegistry
    function supplier(address account) external view override returns (Supplier memory) {
        return _suppliers[account];
    }

    /// @inheritdoc IRegistry
    function suppliers() external view override returns (address[] memory) {
        return _supplierList;
    }

    /// @inheritdoc IRegistry
    function activeSupplierStatus(address account) external view override whenNotPaused returns (SupplierStatus) {
        return _suppliers[account].status;
    }

    /// @inheritdoc IRegistry
    function isAcceptedToken(address token) external view override returns (bool) {
        return _tokens[token].accepted;
    }

    /// @inheritdoc IRegistry
    function tokenConfig(address token) external view override returns (TokenConfig memory) {
        TokenSlot memory slot = _tokens[token];
        return TokenConfig(slot.feed, slot.maxStaleness, slot.tokenDecimals, slot.feedDecimals, slot.accepted);
    }

    /// @inheritdoc IRegistry
    function listedTokens() external view override returns (address[] memory) {
        return _tokenList;
    }

    /// @inheritdoc IRegistry
    function price(address token) external view override returns (uint256, uint8, uint256) {
        TokenSlot memory config = _acceptedConfig(token);
        (uint256 answer, uint256 updatedAt) = _latestPrice(token, config);
        return (answer, config.feedDecimals, updatedAt);
    }

    /// @inheritdoc IRegistry
    function usdValue(address token, uint256 amount) external view override returns (uint256) {
        return _usdValue(token, _acceptedConfig(token), amount);
    }

    /// @inheritdoc IRegistry
    function quotePledge(address token, uint256 amount) external view override returns (uint256) {
        TokenSlot memory config = _acceptedConfig(token);
        // The token's copy of the pause flag, read with its configuration (see `_tokens`).
        if (config.paused) revert EnforcedPause();
        return _usdValue(token, config, amount);
    }

    /// @inheritdoc IRegistry
    function paused() public view override(IRegistry, Pausable) returns (bool) {
        return super.paused();
    }

    /// @inheritdoc AccessControlDefaultAdminRules
    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return interfaceId == type(IRegistry).interfaceId || super.supportsInterface(interfaceId);
    }

    // ───────────────────────────── suppliers ─────────────────────────────

    /// @inheritdoc IRegistry
    function registerSupplier(
        address account,
        string calldata name,
        string calldata country,
        bytes32 dossierHash
    ) external override onlyRole(VETTER_ROLE) {
        if (account == address(0)) revert RegistryZeroAddress();
        if (bytes(name).length == 0 || bytes(country).length == 0) revert RegistryEmptySupplierDetails();
        Supplier storage record = _suppliers[account];
        if (record.status != SupplierStatus.None) revert RegistrySupplierAlreadyRegistered(account, record.status);

        record.status = SupplierStatus.Active;
        record.registeredAt = uint40(block.timestamp);
        record.updatedAt = uint40(block.timestamp);
        record.dossierHash = dossierHash;
        record.name = name;
        record.country = country;
        _supplierList.push(account);
        emit SupplierRegistered(account, msg.sender, name, country, dossierHash);
    }

    /// @inheritdoc IRegistry
    function suspendSupplier(address account, string calldata reason) external override onlyRole(VETTER_ROLE) {
        Supplier storage record = _suppliers[account];
        if (record.status != SupplierStatus.Active) revert RegistrySupplierNotActive(account, record.status);
        record.status = SupplierStatus.Suspended;
        record.updatedAt = uint40(block.timestamp);
        emit SupplierSuspended(account, msg.sender, reason);
    }

    /// @inheritdoc IRegistry
    function reinstateSupplier(address account) external override onlyRole(VETTER_ROLE) {
        Supplier storage record = _suppliers[account];
        if (record.status != SupplierStatus.Suspended) revert RegistrySupplierNotSuspended(account, record.status);
        record.status = SupplierStatus.Active;
        record.updatedAt = uint40(block.timestamp);
        emit SupplierReinstated(account, msg.sender);
    }

    // ───────────────────────────── tokens ─────────────────────────────

    /// @inheritdoc IRegistry
    function setAcceptedToken(
        address token,
        address feed,
        uint32 maxStaleness
    ) external override onlyRole(DEFAULT_ADMIN_ROLE) {
        if (feed == address(0)) revert RegistryZeroAddress();
        if (maxStaleness == 0 || maxStaleness > MAX_STALENESS_LIMIT) {
            revert RegistryInvalidMaxStaleness(maxStaleness, MAX_STALENESS_LIMIT);
        }
        uint8 feedDecimals = _readFeedDecimals(token, feed);
        uint8 tokenDecimals = token == address(0) ? ETH_DECIMALS : _readTokenDecimals(token);

        TokenSlot storage config = _tokens[token];
        if (config.feed == address(0)) _tokenList.push(token);
        config.feed = feed;
        config.maxStaleness = maxStaleness;
        config.tokenDecimals = tokenDecimals;
        config.feedDecimals = feedDecimals;
        config.accepted = true;
        config.paused = paused();
        emit AcceptedTokenSet(token, feed, maxStaleness, tokenDecimals, feedDecimals);
    }

    /// @inheritdoc IRegistry
    function removeAcceptedToken(address token) external override onlyRole(DEFAULT_ADMIN_ROLE) {
        TokenSlot storage config = _tokens[token];
        if (!config.accepted) revert RegistryTokenNotAccepted(token);
        config.accepted = false;
        emit AcceptedTokenRemoved(token);
    }

    // ───────────────────────────── pause ─────────────────────────────

    /// @inheritdoc IRegistry
    function pause() external override onlyRole(PAUSER_ROLE) {
        _pause();
        _copyPauseToTokens(true);
    }

    /// @inheritdoc IRegistry
    function unpause() external override onlyRole(PAUSER_ROLE) {
        _unpause();
        _copyPauseToTokens(false);
    }

    // ───────────────────────────── AccessControl plumbing ─────────────────────────────

    /// @inheritdoc IAccessControl
    function grantRole(bytes32 role, address account) public override(AccessControlDefaultAdminRules, IAccessControl) {
        super.grantRole(role, account);
    }

    /// @inheritdoc IAccessControl
    function revokeRole(bytes32 role, address account) public override(AccessControlDefaultAdminRules, IAccessControl) {
        super.revokeRole(role, account);
    }

    /// @inheritdoc IAccessControl
    function renounceRole(
        bytes32 role,
        address account
    ) public override(AccessControlDefaultAdminRules, IAccessControl) {
        super.renounceRole(role, account);
    }

    // ───────────────────────────── internal ─────────────────────────────

    function _copyPauseToTokens(bool isPaused) private {
        uint256 count = _tokenList.length;
        for (uint256 i; i < count; ++i) {
            _tokens[_tokenList[i]].paused = isPaused;
        }
    }

    function _acceptedConfig(address token) private view returns (TokenSlot memory config) {
        config = _tokens[token];
        if (!config.accepted) revert RegistryTokenNotAccepted(token);
    }

    /// @dev Reads the feed and refuses a price that is stale, never set, or not positive.
    function _latestPrice(
        address token,
        TokenSlot memory config
    ) private view returns (uint256 answer, uint256 updatedAt) {
        int256 rawAnswer;
        (, rawAnswer, , updatedAt, ) = AggregatorV3Interface(config.feed).latestRoundData();
        if (rawAnswer <= 0) revert RegistryNonPositivePrice(token, rawAnswer);
        // A feed that reports a time in the future is not stale; one that never updated (0) is.
        if (updatedAt == 0 || (block.timestamp > updatedAt && block.timestamp - updatedAt > config.maxStaleness)) {
            revert RegistryStalePrice(token, updatedAt, config.maxStaleness, block.timestamp);
        }
        answer = uint256(rawAnswer);
    }

    /// @dev USD with 18 decimals = amount * answer * 10^18 / 10^(tokenDecimals + feedDecimals), rounded down.
    function _usdValue(address token, TokenSlot memory config, uint256 amount) private view returns (uint256) {
        (uint256 answer, ) = _latestPrice(token, config);
        uint256 scale = uint256(config.tokenDecimals) + config.feedDecimals;
        if (scale >= 18) {
            uint256 divisor = 10 ** (scale - 18);
            // Cannot overflow: both factors are below 2^128.
            if (amount < 2 ** 128 && answer < 2 ** 128) return (amount * answer) / divisor;
            (uint256 high, ) = Math.mul512(amount, answer);
            if (high >= divisor) revert RegistryValueTooLarge(token, amount);
            return Math.mulDiv(amount, answer, divisor);
        }
        // A value beyond 2^256 - 1 is refused with a custom error rather than an arithmetic panic.
        (bool scaledOk, uint256 scaled) = Math.tryMul(answer, 10 ** (18 - scale));
        (bool valueOk, uint256 value) = Math.tryMul(amount, scaled);
        if (!scaledOk || !valueOk) revert RegistryValueTooLarge(token, amount);
        return value;
    }

    function _readFeedDecimals(address token, address feed) private view returns (uint8 decimals) {
        if (feed.code.length == 0) revert RegistryInvalidFeed(token, feed);
        try AggregatorV3Interface(feed).decimals() returns (uint8 value) {
            decimals = value;
        } catch {
            revert RegistryInvalidFeed(token, feed);
        }
        if (decimals > MAX_DECIMALS) revert RegistryInvalidFeed(token, feed);
        // A contract that merely has `decimals()` (a token, say) is not a feed: it must answer a round.
        try AggregatorV3Interface(feed).latestRoundData() returns (uint80, int256, uint256, uint256, uint80) {} catch {
            revert RegistryInvalidFeed(token, feed);
        }
    }

    function _readTokenDecimals(address token) private view returns (uint8 decimals) {
        if (token.code.length == 0) revert RegistryInvalidTokenDecimals(token);
        try IERC20Metadata(token).decimals() returns (uint8 value) {
            decimals = value;
        } catch {
            revert RegistryInvalidTokenDecimals(token);
        }
        if (decimals > MAX_DECIMALS) revert RegistryInvalidTokenDecimals(token);
    }
}
