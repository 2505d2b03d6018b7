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
/// @notice Roles, vetted suppliers, registered verifiers, accepted tokens with their USD feeds, the platform's limits
/// on campaigns, and the pause switch of one deployment.
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

    /// @notice Feed decimals above this are refused (keeps the valuation arithmetic in range).
    uint8 private constant MAX_FEED_DECIMALS = 36;

    /// @notice Token decimals above this are refused: a campaign's books hold amounts in 128 bits, and 24 decimals
    /// leave room for 3.4 * 10^14 whole tokens however many times they are pledged and cancelled.
    uint8 public constant MAX_TOKEN_DECIMALS = 24;

    /// @notice The longest funding window the admin may ever allow.
    uint32 public constant FUNDING_WINDOW_BOUND = 365 days;

    /// @notice The longest procurement window the admin may ever allow.
    uint32 public constant PROCUREMENT_WINDOW_BOUND = 3 * 365 days;

    /// @notice The highest advance cap the admin may ever allow (50%).
    uint16 public constant ADVANCE_BPS_BOUND = 5_000;

    /// @notice The most verifiers a campaign has, hence the highest minimum threshold.
    uint8 private constant MAX_VERIFIERS = 5;

    /// @notice The longest sequencer grace period the admin may set.
    uint32 public constant MAX_GRACE_PERIOD = 1 days;

    // ───────────────────────────── types ─────────────────────────────

    /// @dev A token's configuration in one slot. `paused` and `sequencerCheck` are copies of the deployment-wide
    /// pause flag and of "a sequencer feed is set", so that a pledge's quote reads one slot, not three.
    struct TokenSlot {
        address feed;
        uint32 maxStaleness;
        uint8 tokenDecimals;
        uint8 feedDecimals;
        bool accepted;
        bool paused;
        bool sequencerCheck;
        bool bounded;
    }

    struct Bounds {
        uint128 minAnswer;
        uint128 maxAnswer;
    }

    struct Sequencer {
        address feed;
        uint32 gracePeriod;
    }

    // ───────────────────────────── storage ─────────────────────────────

    mapping(address supplier => Supplier) private _suppliers;
    address[] private _supplierList;

    mapping(address verifier => Verifier) private _verifiers;
    address[] private _verifierList;

    /// @dev `pause`, `unpause`, `setSequencerUptimeFeed` and `setAcceptedToken` keep every token's copies equal to
    /// `paused()` and to `_sequencer.feed != address(0)`.
    mapping(address token => TokenSlot) private _tokens;
    address[] private _tokenList;
    mapping(address token => Bounds) private _bounds;

    Sequencer private _sequencer;
    Limits private _limits;

    // ───────────────────────────── constructor ─────────────────────────────

    /// @param initialAdmin The first default admin (a multisig in production).
    /// @param initialAdminDelay Seconds a default-admin transfer must wait before it can be accepted.
    /// Starts with limits of 90 days of funding, 365 days of procurement, a 30% advance cap and 2 verifiers.
    constructor(
        address initialAdmin,
        uint48 initialAdminDelay
    ) AccessControlDefaultAdminRules(initialAdminDelay, initialAdmin) {
        _setLimits(
            Limits({maxFundingWindow: 90 days, maxProcurementWindow: 365 days, maxAdvanceBps: 3_000, minThreshold: 2})
        );
    }

    // ───────────────────────────── external views ─────────────────────────────

    /// @inheritdoc IRegistry
    function isVettedSupplier(address account) external view override returns (bool) {
        return _suppliers[account].status == PartyStatus.Active;
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
    function activeSupplierStatus(address account) external view override whenNotPaused returns (PartyStatus) {
        return _suppliers[account].status;
    }

    /// @inheritdoc IRegistry
    function supplierStatus(address account) external view override returns (PartyStatus) {
        return _suppliers[account].status;
    }

    /// @inheritdoc IRegistry
    function supplierStanding(address account) external view override returns (PartyStatus, bool) {
        return (_suppliers[account].status, paused());
    }

    /// @inheritdoc IRegistry
    function verifier(address account) external view override returns (Verifier memory) {
        return _verifiers[account];
    }

    /// @inheritdoc IRegistry
    function verifiers() external view override returns (address[] memory) {
        return _verifierList;
    }

    /// @inheritdoc IRegistry
    function verifierStatus(address account) external view override returns (PartyStatus) {
        return _verifiers[account].status;
    }

    /// @inheritdoc IRegistry
    function limits() external view override returns (Limits memory) {
        return _limits;
    }

    /// @inheritdoc IRegistry
    function priceBounds(address token) external view override returns (uint256, uint256) {
        Bounds memory b = _bounds[token];
        return (b.minAnswer, b.maxAnswer);
    }

    /// @inheritdoc IRegistry
    function sequencerUptimeFeed() external view override returns (address, uint32) {
        return (_sequencer.feed, _sequencer.gracePeriod);
    }

    /// @inheritdoc IRegistry
    function isAcceptedToken(address token) external view override returns (bool) {
        return _tokens[token].accepted;
    }

    /// @inheritdoc IRegistry
    function tokenConfig(address token) external view override returns (TokenConfig memory) {
        TokenSlot memory slot = _tokens[token];
        return
            TokenConfig(
                slot.feed,
                slot.maxStaleness,
                slot.tokenDecimals,
                slot.feedDecimals,
                slot.accepted,
                slot.bounded
            );
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
        _checkDetails(account, name, country);
        Supplier storage record = _suppliers[account];
        if (record.status != PartyStatus.None) revert RegistrySupplierAlreadyRegistered(account, record.status);
        record.status = PartyStatus.Active;
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
        if (record.status != PartyStatus.Active) revert RegistrySupplierNotActive(account, record.status);
        record.status = PartyStatus.Suspended;
        record.updatedAt = uint40(block.timestamp);
        emit SupplierSuspended(account, msg.sender, reason);
    }

    /// @inheritdoc IRegistry
    function reinstateSupplier(address account) external override onlyRole(VETTER_ROLE) {
        Supplier storage record = _suppliers[account];
        if (record.status != PartyStatus.Suspended) revert RegistrySupplierNotSuspended(account, record.status);
        record.status = PartyStatus.Active;
        record.updatedAt = uint40(block.timestamp);
        emit SupplierReinstated(account, msg.sender);
    }

    // ───────────────────────────── verifiers ─────────────────────────────

    /// @inheritdoc IRegistry
    function registerVerifier(
        address account,
        string calldata name,
        string calldata organization,
        bytes32 dossierHash
    ) external override onlyRole(VETTER_ROLE) {
        _checkDetails(account, name, organization);
        Verifier storage record = _verifiers[account];
        if (record.status != PartyStatus.None) revert RegistryVerifierAlreadyRegistered(account, record.status);
        record.status = PartyStatus.Active;
        record.registeredAt = uint40(block.timestamp);
        record.updatedAt = uint40(block.timestamp);
        record.dossierHash = dossierHash;
        record.name = name;
        record.organization = organization;
        _verifierList.push(account);
        emit VerifierRegistered(account, msg.sender, name, organization, dossierHash);
    }

    /// @inheritdoc IRegistry
    function suspendVerifier(address account, string calldata reason) external override onlyRole(VETTER_ROLE) {
        Verifier storage record = _verifiers[account];
        if (record.status != PartyStatus.Active) revert RegistryVerifierNotActive(account, record.status);
        record.status = PartyStatus.Suspended;
        record.updatedAt = uint40(block.timestamp);
        emit VerifierSuspended(account, msg.sender, reason);
    }

    /// @inheritdoc IRegistry
    function reinstateVerifier(address account) external override onlyRole(VETTER_ROLE) {
        Verifier storage record = _verifiers[account];
        if (record.status != PartyStatus.Suspended) revert RegistryVerifierNotSuspended(account, record.status);
        record.status = PartyStatus.Active;
        record.updatedAt = uint40(block.timestamp);
        emit VerifierReinstated(account, msg.sender);
    }

    // ───────────────────────────── limits ─────────────────────────────

    /// @inheritdoc IRegistry
    function setLimits(Limits calldata newLimits) external override onlyRole(DEFAULT_ADMIN_ROLE) {
        _setLimits(newLimits);
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
        // Bounds are in the old feed's terms: a new feed starts without them, until the admin sets its own.
        if (config.bounded && config.feed != feed) {
            config.bounded = false;
            delete _bounds[token];
            emit PriceBoundsSet(token, 0, 0);
        }
        config.feed = feed;
        config.maxStaleness = maxStaleness;
        config.tokenDecimals = tokenDecimals;
        config.feedDecimals = feedDecimals;
        config.accepted = true;
        config.paused = paused();
        config.sequencerCheck = _sequencer.feed != address(0);
        emit AcceptedTokenSet(token, feed, maxStaleness, tokenDecimals, feedDecimals);
    }

    /// @inheritdoc IRegistry
    function setPriceBounds(
        address token,
        uint128 minAnswer,
        uint128 maxAnswer
    ) external override onlyRole(DEFAULT_ADMIN_ROLE) {
        TokenSlot storage config = _tokens[token];
        if (config.feed == address(0)) revert RegistryTokenNotAccepted(token);
        bool bounded = maxAnswer != 0;
        // (0, 0) removes the bounds; otherwise 0 <= min <= max, max > 0.
        if (bounded ? minAnswer > maxAnswer : minAnswer != 0) revert RegistryInvalidPriceBounds(minAnswer, maxAnswer);
        config.bounded = bounded;
        _bounds[token] = Bounds(minAnswer, maxAnswer);
        emit PriceBoundsSet(token, minAnswer, maxAnswer);
    }

    /// @inheritdoc IRegistry
    function setSequencerUptimeFeed(address feed, uint32 gracePeriod) external override onlyRole(DEFAULT_ADMIN_ROLE) {
        bool enabled = feed != address(0);
        if (enabled) {
            if (gracePeriod == 0 || gracePeriod > MAX_GRACE_PERIOD) {
                revert RegistryInvalidGracePeriod(gracePeriod, MAX_GRACE_PERIOD);
            }
            // A sequencer feed answers like a price feed: 0 (up) or 1 (down).
            _readFeedDecimals(address(0), feed);
        } else {
            gracePeriod = 0;
        }
        _sequencer = Sequencer(feed, gracePeriod);
        uint256 count = _tokenList.length;
        for (uint256 i; i < count; ++i) {
            _tokens[_tokenList[i]].sequencerCheck = enabled;
        }
        emit SequencerUptimeFeedSet(feed, gracePeriod);
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

    function _checkDetails(address account, string calldata name, string calldata detail) private pure {
        if (account == address(0)) revert RegistryZeroAddress();
        if (bytes(name).length == 0 || bytes(detail).length == 0) revert RegistryEmptyDetails();
    }

    function _setLimits(Limits memory newLimits) private {
        if (newLimits.maxFundingWindow < 1 days || newLimits.maxFundingWindow > FUNDING_WINDOW_BOUND) {
            revert RegistryInvalidLimit("maxFundingWindow", newLimits.maxFundingWindow, 1 days, FUNDING_WINDOW_BOUND);
        }
        if (newLimits.maxProcurementWindow < 1 days || newLimits.maxProcurementWindow > PROCUREMENT_WINDOW_BOUND) {
            revert RegistryInvalidLimit(
                "maxProcurementWindow",
                newLimits.maxProcurementWindow,
                1 days,
                PROCUREMENT_WINDOW_BOUND
            );
        }
        if (newLimits.maxAdvanceBps > ADVANCE_BPS_BOUND) {
            revert RegistryInvalidLimit("maxAdvanceBps", newLimits.maxAdvanceBps, 0, ADVANCE_BPS_BOUND);
        }
        if (newLimits.minThreshold == 0 || newLimits.minThreshold > MAX_VERIFIERS) {
            revert RegistryInvalidLimit("minThreshold", newLimits.minThreshold, 1, MAX_VERIFIERS);
        }
        _limits = newLimits;
        emit LimitsSet(
            newLimits.maxFundingWindow,
            newLimits.maxProcurementWindow,
            newLimits.maxAdvanceBps,
            newLimits.minThreshold
        );
    }

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

    /// @dev Reads the feed and refuses a price that is stale, never set, dated in the future, not positive, or
    /// outside its bounds, and any price while the L2 sequencer is down or just back up.
    function _latestPrice(
        address token,
        TokenSlot memory config
    ) private view returns (uint256 answer, uint256 updatedAt) {
        if (config.sequencerCheck) _requireSequencerUp();
        int256 rawAnswer;
        (, rawAnswer, , updatedAt, ) = AggregatorV3Interface(config.feed).latestRoundData();
        if (rawAnswer <= 0) revert RegistryNonPositivePrice(token, rawAnswer);
        if (updatedAt > block.timestamp) revert RegistryFuturePrice(token, updatedAt, block.timestamp);
        if (updatedAt == 0 || block.timestamp - updatedAt > config.maxStaleness) {
            revert RegistryStalePrice(token, updatedAt, config.maxStaleness, block.timestamp);
        }
        answer = uint256(rawAnswer);
        if (config.bounded) {
            Bounds memory b = _bounds[token];
            if (answer < b.minAnswer || answer > b.maxAnswer) {
                revert RegistryPriceOutOfBounds(token, answer, b.minAnswer, b.maxAnswer);
            }
        }
    }

    /// @dev Chainlink's L2 sequencer-uptime feed answers 0 while the sequencer is up and 1 while it is down;
    /// `startedAt` is when that status began. Prices are refused while it is down and for a grace period after.
    function _requireSequencerUp() private view {
        Sequencer memory s = _sequencer;
        (, int256 status, uint256 startedAt, , ) = AggregatorV3Interface(s.feed).latestRoundData();
        if (status != 0) revert RegistrySequencerDown(s.feed, status);
        // A round that never started (startedAt 0) says nothing: treat it as just back up.
        if (startedAt == 0 || startedAt > block.timestamp || block.timestamp - startedAt <= s.gracePeriod) {
            revert RegistrySequencerGracePeriod(startedAt, s.gracePeriod, block.timestamp);
        }
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
        if (decimals > MAX_FEED_DECIMALS) revert RegistryInvalidFeed(token, feed);
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
        if (decimals > MAX_TOKEN_DECIMALS) revert RegistryTooManyDecimals(token, decimals, MAX_TOKEN_DECIMALS);
    }
}
