// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";

import {ICampaign} from "./interfaces/ICampaign.sol";
import {ICampaignFactory} from "./interfaces/ICampaignFactory.sol";
import {IRegistry} from "./interfaces/IRegistry.sol";
import {CampaignArgs} from "./libraries/CampaignArgs.sol";

/// @title CampaignFactory
/// @notice Launches appeals: each is an EIP-1167 clone of the campaign implementation, its parameters appended
/// to the clone's code, initialised in the same transaction, and indexed here.
contract CampaignFactory is ICampaignFactory {
    // ───────────────────────────── constants ─────────────────────────────

    /// @dev Same value as `Registry.ORGANIZER_ROLE`; a constant saves a call on every creation.
    bytes32 private constant ORGANIZER_ROLE = keccak256("ORGANIZER_ROLE");

    // ───────────────────────────── immutables ─────────────────────────────

    IRegistry private immutable _REGISTRY;
    address private immutable _IMPLEMENTATION;

    // ───────────────────────────── storage ─────────────────────────────

    address[] private _campaigns;
    mapping(address campaign => bool) private _isCampaign;

    // ───────────────────────────── constructor ─────────────────────────────

    /// @param registry_ The deployment's registry.
    /// @param implementation_ The campaign implementation (its initializers are disabled).
    constructor(IRegistry registry_, address implementation_) {
        if (address(registry_) == address(0) || implementation_ == address(0)) revert FactoryZeroAddress();
        _REGISTRY = registry_;
        _IMPLEMENTATION = implementation_;
    }

    // ───────────────────────────── external views ─────────────────────────────

    /// @inheritdoc ICampaignFactory
    function registry() external view override returns (IRegistry) {
        return _REGISTRY;
    }

    /// @inheritdoc ICampaignFactory
    function implementation() external view override returns (address) {
        return _IMPLEMENTATION;
    }

    /// @inheritdoc ICampaignFactory
    function campaignCount() external view override returns (uint256) {
        return _campaigns.length;
    }

    /// @inheritdoc ICampaignFactory
    function campaignAt(uint256 index) external view override returns (address) {
        uint256 count = _campaigns.length;
        if (index >= count) revert FactoryIndexOutOfBounds(index, count);
        return _campaigns[index];
    }

    /// @inheritdoc ICampaignFactory
    function campaigns(uint256 start, uint256 count) external view override returns (address[] memory page) {
        uint256 total = _campaigns.length;
        if (start > total) revert FactoryIndexOutOfBounds(start, total);
        uint256 end = total - start < count ? total : start + count;
        page = new address[](end - start);
        for (uint256 i = start; i < end; ++i) {
            page[i - start] = _campaigns[i];
        }
    }

    /// @inheritdoc ICampaignFactory
    function isCampaign(address campaign) external view override returns (bool) {
        return _isCampaign[campaign];
    }

    // ───────────────────────────── external transactions ─────────────────────────────

    /// @inheritdoc ICampaignFactory
    function createCampaign(ICampaign.Params calldata params) external override returns (address campaign) {
        if (!_REGISTRY.hasRole(ORGANIZER_ROLE, msg.sender)) revert FactoryNotOrganizer(msg.sender);
        campaign = Clones.cloneWithImmutableArgs(_IMPLEMENTATION, CampaignArgs.encode(msg.sender, params));
        ICampaign(campaign).initialize();
        uint256 index = _campaigns.length;
        _campaigns.push(campaign);
        _isCampaign[campaign] = true;
        emit CampaignCreated(campaign, msg.sender, index, params);
    }
}
