// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Campaign} from "../../contracts/Campaign.sol";
import {ICampaign} from "../../contracts/interfaces/ICampaign.sol";
import {MockV3Aggregator} from "../../contracts/mocks/MockV3Aggregator.sol";

import {ConfirmationDigest} from "./utils/ConfirmationDigest.sol";
import {HandoverFixture} from "./utils/HandoverFixture.sol";
import {MockDecimalsToken} from "../../contracts/mocks/MockDecimalsToken.sol";
import {VM} from "./utils/Vm.sol";

/// @title CampaignFuzzTest
/// @notice The campaign's arithmetic, driven through real clones: pro-rata refunds after close, payouts of
/// partial deliveries, and the threshold rule that turns verifiers' confirmations into verified units.
/// @dev Most tests use `bulk`, an 18-decimal token priced at 10^-18 USD by an 18-decimal feed, so that pledges
/// and orders can reach 2^128 - 1 (the campaign's limit) without the USD total leaving its 120 bits.
contract CampaignFuzzTest is HandoverFixture {
    uint256 private constant MAX_UNITS = type(uint40).max;
    uint256 private constant BPS = 10_000;
    bytes32 private constant EVIDENCE = keccak256("delivery note");
    uint256 private constant SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;

    MockDecimalsToken private bulk;

    function setUp() public {
        _deploy();
        bulk = new MockDecimalsToken(18);
        MockV3Aggregator bulkFeed = new MockV3Aggregator(18, 1, "BULK / USD");
        registry.setAcceptedToken(address(bulk), address(bulkFeed), MAX_STALENESS);
    }

    // ───────────────────────────── pro-rata refunds ─────────────────────────────

    /// @notice For 2..20 donors with random pledges and any unspent amount <= net pledged, each donor's refund is
    /// floor(unspent * pledge / net), the refunds never exceed what was unspent, and they lose less than one
    /// unit per donor to rounding (sum >= unspent - (n - 1), tighter than unspent - n).
    function testFuzz_refund_proRataSharesNeverExceedUnspent(
        uint256 seed,
        uint256 donorCountSeed,
        uint256 unspentSeed
    ) public {
        uint256 n = bound(donorCountSeed, 2, 20);
        (Campaign campaign, ) = _launchBulk(1, 1, 10_000);

        // A donor who pledges and cancels: net pledged must exclude it.
        address canceller = address(0xCA);
        uint256 cancelled = bound(uint256(keccak256(abi.encode(seed, "cancel"))), 1, type(uint96).max);
        _pledgeBulk(campaign, canceller, cancelled);
        VM.prank(canceller);
        campaign.cancelPledge(address(bulk));

        uint256[] memory pledges = new uint256[](n);
        uint256 net;
        uint256 maxEach = (type(uint128).max - cancelled) / n;
        for (uint256 i; i < n; ++i) {
            uint256 h = uint256(keccak256(abi.encode(seed, i)));
            // Magnitudes from 1 to 10^38 so that tiny and huge pledges mix.
            uint256 magnitude = 10 ** (h % 39);
            pledges[i] = bound(h >> 8, 1, magnitude < maxEach ? magnitude : maxEach);
            _pledgeBulk(campaign, _donor(i), pledges[i]);
            net += pledges[i];
        }
        // Nothing spent and everything spent are edges worth hitting often.
        uint256 unspent = unspentSeed % 8 == 0 ? net : (unspentSeed % 8 == 1 ? 0 : bound(unspentSeed, 0, net));
        uint256 spent = net - unspent;

        // Procurement at the deadline (keep what you raise); spend exactly `spent` through a fully advanced order.
        VM.warp(campaign.params().deadline);
        if (spent != 0) {
            uint256 orderId = _placeOrder(campaign, address(bulk), spent, 1, 10_000);
            VM.prank(supplierA);
            campaign.acceptOrder(orderId);
        }
        VM.warp(campaign.params().procurementDeadline);
        VM.prank(_donor(0));
        campaign.close();

        ICampaign.Ledger memory l = campaign.ledger(address(bulk));
        assertEq(l.unspentAtClose, unspent, "unspent at close");
        assertEq(l.pledged - l.cancelled, net, "net pledged");

        uint256 refunded;
        for (uint256 i; i < n; ++i) {
            // Both factors are below 2^128: the product fits, so the reference is plain arithmetic.
            uint256 expected = (unspent * pledges[i]) / net;
            address donor = _donor(i);
            assertEq(campaign.refundable(donor, address(bulk)), expected, "refundable is floor(unspent * p / net)");
            if (expected == 0) {
                VM.expectRevert(
                    abi.encodeWithSelector(ICampaign.CampaignNothingToRefund.selector, donor, address(bulk))
                );
                VM.prank(donor);
                campaign.claimRefund(address(bulk));
                continue;
            }
            VM.prank(donor);
            campaign.claimRefund(address(bulk));
            assertEq(bulk.balanceOf(donor), expected, "donor received its share");
            assertEq(campaign.refundable(donor, address(bulk)), 0, "a share is claimed once");
            refunded += expected;
        }
        assertLe(refunded, unspent, "refunds exceed what was unspent");
        assertGe(refunded + (n - 1), unspent, "refunds lose a unit or more per donor");
        assertEq(campaign.ledger(address(bulk)).refunded, refunded, "ledger refunded");
        assertEq(bulk.balanceOf(address(campaign)), unspent - refunded + spent, "campaign keeps dust and earnings");
        assertEq(bulk.balanceOf(canceller), cancelled, "the canceller got its pledge back");
    }

    // ───────────────────────────── partial deliveries ─────────────────────────────

    /// @dev One run of the partial-delivery test.
    struct PayoutRun {
        Campaign campaign;
        uint256 orderId;
        uint256 amount;
        uint256 units;
        uint256 verified;
        uint256 paid;
    }

    /// @notice Along any increasing sequence of verified units the supplier holds exactly
    /// max(advance, floor(amount * verified / units)), never more than `amount`, and the last delivery makes
    /// paid == amount and completes the order. A suspension on the way holds payments back; reinstatement and
    /// `releasePayment` catch up.
    function testFuzz_release_partialDeliveriesPayAtMostAndFinallyExactlyTheAmount(
        uint256 amountSeed,
        uint256 unitsSeed,
        uint256 advanceSeed,
        uint256 stepsSeed,
        uint256 suspendSeed
    ) public {
        PayoutRun memory run;
        (run.campaign, ) = _launchBulk(1, 1, 10_000);
        uint256 pool = type(uint128).max;
        _pledgeBulk(run.campaign, _donor(0), pool);
        VM.warp(run.campaign.params().deadline);

        run.amount = bound(amountSeed, 1, pool);
        run.units = bound(unitsSeed, 1, MAX_UNITS);
        uint256 advanceBps = bound(advanceSeed, 0, BPS);
        run.orderId = _placeOrder(run.campaign, address(bulk), run.amount, run.units, advanceBps);
        VM.prank(supplierA);
        run.campaign.acceptOrder(run.orderId);
        run.paid = (run.amount * advanceBps) / BPS;
        assertEq(run.campaign.order(run.orderId).paid, run.paid, "advance paid on acceptance");
        assertEq(run.campaign.withdrawable(supplierA, address(bulk)), run.paid, "advance withdrawable");

        uint256 steps = 1 + (stepsSeed % 8);
        uint256 suspendAt = suspendSeed % (steps * 2); // half of the runs never suspend
        for (uint256 step; step < steps && run.verified < run.units; ++step) {
            uint256 next =
                step + 1 == steps
                    ? run.units
                    : bound(uint256(keccak256(abi.encode(stepsSeed, step))), run.verified + 1, run.units);
            _deliver(run, next, step == suspendAt);
        }

        ICampaign.Order memory last = run.campaign.order(run.orderId);
        assertEq(last.paid, run.amount, "the final delivery pays the whole amount");
        assertTrue(last.status == ICampaign.OrderStatus.Completed, "the order is completed");
        assertEq(run.campaign.openOrderCount(), 0, "no open order");
        ICampaign.Ledger memory l = run.campaign.ledger(address(bulk));
        assertEq(l.reserved, 0, "nothing stays reserved");
        assertEq(l.earned, run.amount, "earned is the amount");
        assertEq(l.available, pool - run.amount, "the rest is available");

        VM.prank(supplierA);
        run.campaign.withdraw(address(bulk));
        assertEq(bulk.balanceOf(supplierA), run.amount, "the supplier withdrew exactly the amount");
    }

    /// @dev The verifier confirms `next` cumulative units, with the supplier suspended at that moment if asked.
    function _deliver(PayoutRun memory run, uint256 next, bool suspended) private {
        if (suspended) {
            VM.prank(vetter);
            registry.suspendSupplier(supplierA, "audit");
        }
        VM.prank(run.campaign.params().verifiers[0]);
        run.campaign.confirmDelivery(run.orderId, uint64(next), EVIDENCE);
        run.verified = next;

        // amount < 2^128 and verified < 2^40: the reference product fits.
        uint256 due = (run.amount * run.verified) / run.units;
        if (suspended) {
            assertEq(run.campaign.order(run.orderId).paid, run.paid, "a suspended supplier earns nothing");
            VM.prank(vetter);
            registry.reinstateSupplier(supplierA);
            if (due <= run.paid) {
                VM.expectRevert(abi.encodeWithSelector(ICampaign.CampaignNothingToRelease.selector, run.orderId));
            }
            run.campaign.releasePayment(run.orderId);
        }
        if (due > run.paid) run.paid = due;
        ICampaign.Order memory o = run.campaign.order(run.orderId);
        assertEq(o.unitsVerified, run.verified, "verified units");
        assertEq(o.paid, run.paid, "paid is max(advance, amount * verified / units)");
        assertLe(o.paid, run.amount, "paid exceeds the order amount");
        assertEq(run.campaign.withdrawable(supplierA, address(bulk)), run.paid, "payments in total equal paid");
    }

    // ───────────────────────────── threshold rule ─────────────────────────────

    /// @dev One run of the threshold test.
    struct KthRun {
        Campaign campaign;
        uint256 orderId;
        address[] verifiers;
        uint256[] keys;
        uint256[] confirmed;
        uint256 k;
        uint256 amount;
        uint256 units;
    }

    /// @notice With 1..5 verifiers and any threshold k, the verified units are the k-th highest confirmation,
    /// after every confirmation, whether sent by verifiers or submitted as EIP-712 signatures; the supplier is
    /// paid pro rata to them and the order completes exactly when they reach the order's units.
    function testFuzz_verifiedUnits_isTheKthHighestConfirmation(
        uint256 countSeed,
        uint256 thresholdSeed,
        uint256 seed
    ) public {
        KthRun memory run;
        uint256 n = bound(countSeed, 1, 5);
        run.k = bound(thresholdSeed, 1, n);
        (run.campaign, run.keys) = _launchBulk(n, run.k, 0);
        run.verifiers = run.campaign.params().verifiers;
        run.confirmed = new uint256[](n);
        _pledgeBulk(run.campaign, _donor(0), 1e30);
        VM.warp(run.campaign.params().deadline);

        run.amount = bound(uint256(keccak256(abi.encode(seed, "amount"))), 1, 1e30);
        // Few units make ties (several verifiers on one value) common; many make them rare.
        run.units = seed % 2 == 0 ? bound(seed >> 1, 1, 8) : bound(seed >> 1, 1, MAX_UNITS);
        run.orderId = _placeOrder(run.campaign, address(bulk), run.amount, run.units, 0);
        VM.prank(supplierA);
        run.campaign.acceptOrder(run.orderId);

        for (uint256 round; round < 6; ++round) {
            uint256 h = uint256(keccak256(abi.encode(seed, round)));
            if (h % 3 == 0) {
                _confirmBySignatures(run, h);
                if (_checkVerified(run)) return;
                continue;
            }
            for (uint256 i; i < n; ++i) {
                uint256 hi = uint256(keccak256(abi.encode(h, i)));
                if (hi % 2 == 0 || run.confirmed[i] == run.units) continue;
                uint256 next = _nextConfirmation(run.confirmed[i], run.units, hi);
                VM.prank(run.verifiers[i]);
                run.campaign.confirmDelivery(run.orderId, uint64(next), EVIDENCE);
                run.confirmed[i] = next;
                if (_checkVerified(run)) return;
            }
        }
    }

    /// @dev Submits one signed confirmation from a random subset (at least `k`) of the verifiers still below a
    /// random target, if there are enough of them.
    function _confirmBySignatures(KthRun memory run, uint256 h) private {
        uint256 target = bound(h >> 2, 1, run.units);
        uint256 n = run.keys.length;
        uint256[] memory chosen = new uint256[](n);
        uint256 count;
        for (uint256 i; i < n; ++i) {
            // Everyone below the target is eligible; keep at least k, drop the others at random.
            if (run.confirmed[i] < target && (count < run.k || (h >> (8 + i)) % 2 == 0)) chosen[count++] = i;
        }
        if (count < run.k) return;
        bytes32 digest = ConfirmationDigest.compute(address(run.campaign), run.orderId, uint64(target), EVIDENCE);
        assertTrue(
            run.campaign.confirmationDigest(run.orderId, uint64(target), EVIDENCE) == digest,
            "confirmationDigest differs from EIP-712 with the clone as verifying contract"
        );
        bytes[] memory signatures = new bytes[](count);
        for (uint256 j; j < count; ++j) {
            (uint8 v, bytes32 r, bytes32 s) = VM.sign(run.keys[chosen[j]], digest);
            signatures[j] = abi.encodePacked(r, s, v);
            run.confirmed[chosen[j]] = target;
        }
        run.campaign.confirmDeliveryBySig(run.orderId, uint64(target), EVIDENCE, signatures);

        // Used signatures stay used: the same batch cannot be replayed.
        VM.expectRevert();
        run.campaign.confirmDeliveryBySig(run.orderId, uint64(target), EVIDENCE, signatures);
    }

    /// @dev Compares the campaign with the reference; returns true once the order completed.
    function _checkVerified(KthRun memory run) private view returns (bool completed) {
        uint256 expected = _kthHighest(run.confirmed, run.k);
        ICampaign.Order memory o = run.campaign.order(run.orderId);
        assertEq(o.unitsVerified, expected, "unitsVerified is the k-th highest confirmation");
        for (uint256 i; i < run.verifiers.length; ++i) {
            assertEq(
                run.campaign.confirmedUnits(run.orderId, run.verifiers[i]),
                run.confirmed[i],
                "confirmation recorded"
            );
        }
        assertEq(o.paid, (run.amount * expected) / run.units, "paid pro rata to verified units");
        completed = expected == run.units;
        assertTrue(completed == (o.status == ICampaign.OrderStatus.Completed), "completed iff all units verified");
    }

    /// @dev The reference: sort a copy in decreasing order and take the k-th element.
    function _kthHighest(uint256[] memory values, uint256 k) private pure returns (uint256) {
        uint256[] memory sorted = new uint256[](values.length);
        for (uint256 i; i < values.length; ++i) {
            uint256 v = values[i];
            uint256 j = i;
            while (j > 0 && sorted[j - 1] < v) {
                sorted[j] = sorted[j - 1];
                --j;
            }
            sorted[j] = v;
        }
        return sorted[k - 1];
    }

    /// @dev A strictly higher confirmation, often the full quantity or a value close to the current one.
    function _nextConfirmation(uint256 current, uint256 units, uint256 h) private pure returns (uint256) {
        uint256 mode = (h >> 1) % 4;
        if (mode == 0) return units;
        if (mode == 1) return current + 1;
        return bound(h >> 3, current + 1, units);
    }

    // ───────────────────────────── signatures ─────────────────────────────

    /// @notice A signed confirmation counts once, for one order of one campaign: not on another clone with the
    /// same verifiers and order id, not on another order, not twice, and not in its malleable (high-s) form.
    function testFuzz_confirmDeliveryBySig_isBoundToOneCampaignAndOrder(uint256 unitsSeed, bytes32 evidence) public {
        VM.assume(evidence != bytes32(0));
        (Campaign first, uint256[] memory keys) = _launchBulk(3, 2, 0);
        (Campaign second, ) = _launchBulk(3, 2, 0);
        _pledgeBulk(first, _donor(0), 1e24);
        _pledgeBulk(second, _donor(1), 1e24);
        VM.warp(first.params().deadline);
        uint256 units = bound(unitsSeed, 2, MAX_UNITS);
        // Part of the order, so that it stays open and a replay meets the confirmation rule.
        uint64 signed = uint64(units - 1);
        for (uint256 i; i < 2; ++i) {
            _placeOrder(first, address(bulk), 1e21, units, 0);
            VM.prank(supplierA);
            first.acceptOrder(i);
        }
        _placeOrder(second, address(bulk), 1e21, units, 0);
        VM.prank(supplierA);
        second.acceptOrder(0);

        (bytes[] memory signatures, bytes[] memory malleable) = _signTwice(
            keys,
            ConfirmationDigest.compute(address(first), 0, signed, evidence)
        );

        // Another clone recovers other signers: none of its verifiers.
        VM.expectPartialRevert(ICampaign.CampaignNotVerifier.selector);
        second.confirmDeliveryBySig(0, signed, evidence, signatures);
        // Another order of the same campaign, likewise.
        VM.expectPartialRevert(ICampaign.CampaignNotVerifier.selector);
        first.confirmDeliveryBySig(1, signed, evidence, signatures);
        // The malleable twin of a valid signature (s -> n - s, v flipped) is refused.
        VM.expectRevert();
        first.confirmDeliveryBySig(0, signed, evidence, malleable);

        first.confirmDeliveryBySig(0, signed, evidence, signatures);
        assertEq(first.order(0).unitsVerified, signed, "the signed quantity is verified");
        assertEq(second.order(0).unitsVerified, 0, "the other campaign is untouched");
        assertEq(first.order(1).unitsVerified, 0, "the other order is untouched");
        VM.expectRevert(
            abi.encodeWithSelector(
                ICampaign.CampaignConfirmationNotIncreasing.selector,
                0,
                first.params().verifiers[0],
                signed,
                signed
            )
        );
        first.confirmDeliveryBySig(0, signed, evidence, signatures);
    }

    /// @dev Signatures of `digest` by the first two keys, and the same pair with the first one's malleable twin.
    function _signTwice(
        uint256[] memory keys,
        bytes32 digest
    ) private pure returns (bytes[] memory signatures, bytes[] memory malleable) {
        signatures = new bytes[](2);
        malleable = new bytes[](2);
        (uint8 v, bytes32 r, bytes32 s) = VM.sign(keys[0], digest);
        signatures[0] = abi.encodePacked(r, s, v);
        malleable[0] = abi.encodePacked(r, bytes32(SECP256K1_N - uint256(s)), v == 27 ? uint8(28) : uint8(27));
        (v, r, s) = VM.sign(keys[1], digest);
        signatures[1] = abi.encodePacked(r, s, v);
        malleable[1] = signatures[1];
    }

    // ───────────────────────────── helpers ─────────────────────────────

    /// @dev A keep-what-you-raise campaign accepting only `bulk`, with `n` verifiers, threshold `k` and the
    /// given advance cap.
    function _launchBulk(
        uint256 n,
        uint256 k,
        uint16 maxAdvanceBps
    ) private returns (Campaign campaign, uint256[] memory keys) {
        address[] memory verifiers;
        (verifiers, keys) = _verifiers(n);
        ICampaign.Params memory p = _defaultParams(verifiers, uint8(k), 1, false);
        address[] memory tokens = new address[](1);
        tokens[0] = address(bulk);
        p.tokens = tokens;
        p.maxAdvanceBps = maxAdvanceBps;
        campaign = _createCampaign(p);
    }

    function _pledgeBulk(Campaign campaign, address donor, uint256 amount) private {
        bulk.mint(donor, amount);
        VM.startPrank(donor);
        bulk.approve(address(campaign), amount);
        campaign.pledge(address(bulk), amount);
        VM.stopPrank();
    }

    function _placeOrder(
        Campaign campaign,
        address token,
        uint256 amount,
        uint256 units,
        uint256 advanceBps
    ) private returns (uint256 orderId) {
        VM.prank(organizer);
        orderId = campaign.createOrder(
            supplierA,
            token,
            amount,
            uint64(units),
            uint40(block.timestamp + 1 days),
            uint16(advanceBps),
            keccak256("terms")
        );
    }

    function _donor(uint256 i) private pure returns (address) {
        return address(uint160(0xD0_0000 + i));
    }
}
