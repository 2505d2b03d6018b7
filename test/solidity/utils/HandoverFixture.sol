// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";

import {Campaign} from "../../../contracts/Campaign.sol";
import {CampaignFactory} from "../../../contracts/CampaignFactory.sol";
import {CampaignProcurement} from "../../../contracts/CampaignProcurement.sol";
import {Registry} from "../../../contracts/Registry.sol";
import {ICampaign} from "../../../contracts/interfaces/ICampaign.sol";
import {MockUSDC} from "../../../contracts/mocks/MockUSDC.sol";
import {MockV3Aggregator} from "../../../contracts/mocks/MockV3Aggregator.sol";
import {MockWBTC} from "../../../contracts/mocks/MockWBTC.sol";

import {Assertions} from "./Assertions.sol";
import {VM} from "./Vm.sol";

/// @title HandoverFixture
/// @notice Deploys one Handover deployment the way production does (registry, procurement module, campaign
/// implementation, clone factory: Ignition's `HandoverCore`), lists ETH, a 6-decimal USDC with permit and an
/// 8-decimal WBTC with USD feeds, grants the roles to named accounts, registers two vetted suppliers and
/// `VERIFIER_COUNT` named verifiers whose keys the tests hold (so that they can also sign). The registry keeps its
/// default limits (90-day funding window, 365-day procurement window, 30% advance ceiling, threshold >= 2).
/// Test contracts inherit it and call `_deploy()` in `setUp`.
abstract contract HandoverFixture is Assertions {
    // ───────────────────────────── constants ─────────────────────────────

    address internal constant ETH = address(0);
    uint32 internal constant MAX_STALENESS = 3 days;

    int256 internal constant ETH_PRICE = 3_000e8; // 8-decimal feed
    int256 internal constant USDC_PRICE = 1e8; // 8-decimal feed
    int256 internal constant WBTC_PRICE = 60_000e18; // 18-decimal feed: both feed shapes are exercised

    uint256 internal constant VERIFIER_KEY_BASE = 0x5E1F_1E2;
    /// @dev The most verifiers a campaign may have; all are registered so that any subset can be chosen.
    uint256 internal constant VERIFIER_COUNT = 5;
    uint256 internal constant DONOR_KEY_BASE = 0xD0_0A_7E;

    // ───────────────────────────── deployment ─────────────────────────────

    Registry internal registry;
    CampaignProcurement internal procurement;
    Campaign internal implementation;
    CampaignFactory internal factory;
    MockUSDC internal usdc;
    MockWBTC internal wbtc;
    MockV3Aggregator internal ethFeed;
    MockV3Aggregator internal usdcFeed;
    MockV3Aggregator internal wbtcFeed;

    address internal organizer = address(0x0A9A);
    address internal vetter = address(0x7E77E7);
    address internal pauser = address(0xFA05E);
    address internal beneficiary = address(0xBE4E);
    address internal supplierA = address(0x5A);
    address internal supplierB = address(0x5B);

    function _deploy() internal {
        // A realistic start time: some checks subtract from block.timestamp.
        VM.warp(1_750_000_000);
        registry = new Registry(address(this), 0);
        procurement = new CampaignProcurement(registry);
        implementation = new Campaign(registry, procurement);
        factory = new CampaignFactory(registry, address(implementation));
        usdc = new MockUSDC();
        wbtc = new MockWBTC();
        ethFeed = new MockV3Aggregator(8, ETH_PRICE, "ETH / USD");
        usdcFeed = new MockV3Aggregator(8, USDC_PRICE, "USDC / USD");
        wbtcFeed = new MockV3Aggregator(18, WBTC_PRICE, "WBTC / USD");

        registry.grantRole(registry.VETTER_ROLE(), vetter);
        registry.grantRole(registry.ORGANIZER_ROLE(), organizer);
        registry.grantRole(registry.PAUSER_ROLE(), pauser);
        registry.setAcceptedToken(ETH, address(ethFeed), MAX_STALENESS);
        registry.setAcceptedToken(address(usdc), address(usdcFeed), MAX_STALENESS);
        registry.setAcceptedToken(address(wbtc), address(wbtcFeed), MAX_STALENESS);

        VM.startPrank(vetter);
        registry.registerSupplier(supplierA, "Henan Medical Supplies Co.", "CN", keccak256("dossier A"));
        registry.registerSupplier(supplierB, "Abuja PPE Ltd.", "NG", keccak256("dossier B"));
        (address[] memory verifierAddresses, ) = _verifiers(VERIFIER_COUNT);
        for (uint256 i; i < VERIFIER_COUNT; ++i) {
            registry.registerVerifier(
                verifierAddresses[i],
                string.concat("Verifier ", Strings.toString(i)),
                "WAHO Abuja warehouse",
                keccak256(abi.encode("verifier dossier", i))
            );
        }
        VM.stopPrank();
    }

    /// @dev Re-publishes every feed's price at the current time (call after each warp).
    function _refreshFeeds() internal {
        ethFeed.updateAnswer(ETH_PRICE);
        usdcFeed.updateAnswer(USDC_PRICE);
        wbtcFeed.updateAnswer(WBTC_PRICE);
    }

    /// @dev Parameters with sensible defaults within the registry's limits: ETH, USDC and WBTC accepted, funding
    /// 10 days, procurement 60 days after it, 7 days of delivery grace, 30% advance cap.
    function _defaultParams(
        address[] memory verifiers,
        uint8 threshold,
        uint128 goalUsd,
        bool allOrNothing
    ) internal view returns (ICampaign.Params memory p) {
        address[] memory tokens = new address[](3);
        tokens[0] = ETH;
        tokens[1] = address(usdc);
        tokens[2] = address(wbtc);
        p.beneficiary = beneficiary;
        p.goalUsd = goalUsd;
        p.targetUnits = 250_000;
        p.deadline = uint40(block.timestamp + 10 days);
        p.procurementDeadline = uint40(block.timestamp + 70 days);
        p.deliveryGracePeriod = 7 days;
        p.maxAdvanceBps = 3_000;
        p.threshold = threshold;
        p.allOrNothing = allOrNothing;
        p.tokens = tokens;
        p.verifiers = verifiers;
        p.unitName = "surgical masks";
        p.metadataURI = "ipfs://bafy-handover-waho-masks";
    }

    function _createCampaign(ICampaign.Params memory p) internal returns (Campaign campaign) {
        VM.prank(organizer);
        campaign = Campaign(factory.createCampaign(p));
    }

    /// @dev `count` verifier addresses derived from private keys, so that they can also sign (the first
    /// `VERIFIER_COUNT` are registered by `_deploy`).
    function _verifiers(uint256 count) internal pure returns (address[] memory verifiers, uint256[] memory keys) {
        verifiers = new address[](count);
        keys = new uint256[](count);
        for (uint256 i; i < count; ++i) {
            keys[i] = VERIFIER_KEY_BASE + i;
            verifiers[i] = VM.addr(keys[i]);
        }
    }
}
