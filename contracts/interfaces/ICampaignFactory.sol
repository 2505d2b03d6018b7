// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ICampaign} from "./ICampaign.sol";
import {IRegistry} from "./IRegistry.sol";

/// @title ICampaignFactory
/// @notice Creates each campaign as an EIP-1167 clone of one implementation, with its parameters appended to
/// the clone's code as immutable arguments and initialised in the same transaction; indexes every campaign.
interface ICampaignFactory {
    /// @notice Emitted for every new campaign, with what a listing page needs.
    event CampaignCreated(
        address indexed campaign,
        address indexed organizer,
        uint256 indexed index,
        ICampaign.Params params
    );

    /// @notice Thrown when a caller without `ORGANIZER_ROLE` creates a campaign.
    error FactoryNotOrganizer(address caller);

    /// @notice Thrown when reading past the end of the campaign index.
    error FactoryIndexOutOfBounds(uint256 index, uint256 count);

    /// @notice Thrown when the registry or the implementation is the zero address.
    error FactoryZeroAddress();

    /// @notice Creates a campaign owned by the caller, an organizer.
    /// @return campaign The new campaign's address.
    function createCampaign(ICampaign.Params calldata params) external returns (address campaign);

    /// @notice The registry every campaign of this factory obeys.
    function registry() external view returns (IRegistry);

    /// @notice The campaign implementation every clone delegates to.
    function implementation() external view returns (address);

    /// @notice How many campaigns this factory created.
    function campaignCount() external view returns (uint256);

    /// @notice The `index`-th campaign (0-based, in creation order).
    function campaignAt(uint256 index) external view returns (address);

    /// @notice Up to `count` campaigns from `start`, for paginated listings.
    function campaigns(uint256 start, uint256 count) external view returns (address[] memory);

    /// @notice Whether `campaign` was created by this factory.
    function isCampaign(address campaign) external view returns (bool);
}
