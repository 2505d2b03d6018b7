// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";

import {Campaign} from "../../contracts/Campaign.sol";
import {ICampaign} from "../../contracts/interfaces/ICampaign.sol";
import {IRegistry} from "../../contracts/interfaces/IRegistry.sol";

import {CampaignHandler} from "./utils/CampaignHandler.sol";
import {CampaignModel} from "./utils/CampaignModel.sol";
import {HandoverFixture} from "./utils/HandoverFixture.sol";
import {VM} from "./utils/Vm.sol";

/// @title CampaignInvariantBase
/// @notice One campaign per invariant run (the fuzzer re-runs `setUp` for each run), attacked by insiders through a
/// `CampaignHandler`, with the promise (DESIGN.md, "The promise" and "Invariants") checked after every call, and the
/// campaign taken to its end and drained after every run.
abstract contract CampaignInvariantBase is HandoverFixture {
    /// @dev forge-std's layout: the fuzzer reads it from `targetSelectors()`.
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    uint256 internal constant HONEST_DONORS = 5;
    /// @dev Below this share of productive calls (the state changed, or a probe was refused as it must be) a run
    /// would say little: fail it rather than pass vacuously.
    uint256 internal constant MIN_PRODUCTIVE_PERCENT = 30;
    /// @dev Each order moves a token's unspent amount away from the exact common fraction by less than two base
    /// units: one from rounding its share `floor(net * amountUsd / raised)`, one from rounding what it paid
    /// (`floor(amount * advanceBps / 10,000)` or `floor(amount * units / orderUnits)`).
    uint256 internal constant ROUNDING_PER_ORDER = 2;

    CampaignHandler internal handler;
    CampaignModel internal model;
    Campaign internal campaign;

    /// @param scale Initial pledges in tenths of $23,000 (3 ETH, 8,000 USDC and 0.1 WBTC at 10).
    function _setUpCampaign(
        uint128 goalUsd,
        bool allOrNothing,
        uint256 verifierCount,
        uint8 threshold,
        uint256 colluders,
        uint256 scale
    ) internal {
        _deploy();
        (address[] memory verifiers, uint256[] memory verifierKeys) = _verifiers(verifierCount);
        ICampaign.Params memory p = _defaultParams(verifiers, threshold, goalUsd, allOrNothing);
        // A short timeline, so that random warps reach every phase within a run.
        p.deadline = uint40(block.timestamp + 7 days);
        p.procurementDeadline = uint40(block.timestamp + 28 days);
        p.deliveryGracePeriod = 2 days;
        campaign = _createCampaign(p);

        CampaignHandler.Setup memory s;
        s.campaign = campaign;
        s.registry = registry;
        s.usdc = usdc;
        s.wbtc = wbtc;
        s.feeds = [ethFeed, usdcFeed, wbtcFeed];
        s.organizer = organizer;
        s.vetter = vetter;
        s.pauser = pauser;
        // Honest donors, then the organizer pledging for itself (no key: it pledges with approve).
        s.donors = new address[](HONEST_DONORS + 1);
        s.donorKeys = new uint256[](HONEST_DONORS + 1);
        for (uint256 i; i < HONEST_DONORS; ++i) {
            s.donorKeys[i] = DONOR_KEY_BASE + i;
            s.donors[i] = VM.addr(s.donorKeys[i]);
        }
        s.donors[HONEST_DONORS] = organizer;
        s.suppliers = new address[](2);
        s.suppliers[0] = supplierA; // the insider
        s.suppliers[1] = supplierB;
        s.verifierKeys = verifierKeys;
        s.colluders = colluders;
        handler = new CampaignHandler(s);
        model = handler.model();

        // A first pledge in each token, through the handler so that its ghosts see them (amounts chosen odd so
        // that the handler's "dust" branch does not take them).
        handler.pledge(0, 0, (3 ether * scale) / 10 + 1);
        handler.pledge(1, 1, (8_000e6 * scale) / 10 + 1); // USDC, with a permit
        handler.pledge(2, 2, (0.1e8 * scale) / 10 + 1); // WBTC
    }

    // ───────────────────────────── fuzzer configuration ─────────────────────────────

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    function targetSelectors() public view returns (FuzzSelector[] memory targets) {
        targets = new FuzzSelector[](1);
        targets[0] = FuzzSelector(address(handler), _selectors());
    }

    function _selectors() internal view virtual returns (bytes4[] memory) {
        return _allSelectors();
    }

    function _allSelectors() internal pure returns (bytes4[] memory s) {
        s = new bytes4[](20);
        s[0] = CampaignHandler.pledge.selector;
        s[1] = CampaignHandler.cancelPledge.selector;
        s[2] = CampaignHandler.claimRefund.selector;
        s[3] = CampaignHandler.closeFunding.selector;
        s[4] = CampaignHandler.createOrder.selector;
        s[5] = CampaignHandler.acceptOrder.selector;
        s[6] = CampaignHandler.markShipped.selector;
        s[7] = CampaignHandler.confirmDelivery.selector;
        s[8] = CampaignHandler.confirmDeliveryBySig.selector;
        s[9] = CampaignHandler.cancelSignatures.selector;
        s[10] = CampaignHandler.cancelOrder.selector;
        s[11] = CampaignHandler.releasePayment.selector;
        s[12] = CampaignHandler.close.selector;
        s[13] = CampaignHandler.withdraw.selector;
        s[14] = CampaignHandler.toggleSupplier.selector;
        s[15] = CampaignHandler.toggleVerifier.selector;
        s[16] = CampaignHandler.togglePause.selector;
        s[17] = CampaignHandler.warp.selector;
        s[18] = CampaignHandler.insiderRound.selector;
        s[19] = CampaignHandler.unsolicited.selector;
    }

    // ───────────────────────────── the promise ─────────────────────────────

    /// @dev Everything, for `afterInvariant` and the single-function test contracts.
    function _checkAll() internal view {
        _checkModel();
        _checkForward();
        for (uint256 t; t < 3; ++t) {
            _checkUnverifiedPayouts(t);
            _checkBooks(t);
            _checkDonors(t);
        }
        _checkEqualFraction();
        _checkVerifiedUnitsPaid();
    }

    /// @dev The handler compares every call and every movement of money with its model as it goes; its first
    /// disagreement fails the test.
    function _checkModel() internal view {
        assertTrue(handler.violationCount() == 0, string.concat("model violation: ", handler.firstViolation()));
    }

    /// @dev Promise 1, per token, over the campaign's whole life: what suppliers were credited beyond what
    /// threshold-verified delivery earned never exceeds maxAdvanceBps x net pledges / 10,000; cancelled orders keep
    /// counting their unearned advances. Checked three ways: the campaign's own `unbacked <= advanceCap`; the
    /// handler's ghosts order by order (against threshold-verified units, and against the units physically
    /// delivered, which colluding verifiers below the threshold cannot inflate); and credits observed on
    /// `withdrawable` minus everything verified delivery earned.
    function _checkUnverifiedPayouts(uint256 t) internal view {
        address token = _token(t);
        ICampaign.Ledger memory l = campaign.ledger(token);
        assertLe(l.unbacked, l.advanceCap, _msg(t, "ledger: unbacked > advanceCap"));
        uint256 cap = model.cap(t);
        assertEq(l.advanceCap, cap, _msg(t, "advanceCap differs from floor(net * maxAdvanceBps / 10,000)"));

        uint256 beyondVerified;
        uint256 beyondDelivered;
        uint256 credited;
        uint256 earnedByVerified;
        uint256 count = model.orderCount();
        for (uint256 id; id < count; ++id) {
            (uint256 paid, uint256 dueVerified, uint256 dueDelivered) = _orderPayment(id, t, token);
            if (paid > dueVerified) beyondVerified += paid - dueVerified;
            if (paid > dueDelivered) beyondDelivered += paid - dueDelivered;
            credited += model.paid(id, t);
            earnedByVerified += dueVerified;
        }
        assertLe(
            beyondVerified,
            cap,
            _msg(t, "credited to suppliers - earned by threshold-verified delivery > maxAdvanceBps x net / 10,000")
        );
        assertLe(
            beyondDelivered,
            cap,
            _msg(t, "credited to suppliers - earned by delivered units > maxAdvanceBps x net / 10,000")
        );
        uint256 observed = model.creditObserved(t) - model.reclaimObserved(t);
        assertLe(observed, earnedByVerified + cap, _msg(t, "observed credits - verified earnings > advance cap"));
        assertEq(observed, credited, _msg(t, "credits observed on withdrawable differ from the orders' payments"));
    }

    /// @dev What order `id` was paid in token `t` (the model's figure, or the campaign's if that is more), and what
    /// its threshold-verified and its delivered units earned.
    function _orderPayment(
        uint256 id,
        uint256 t,
        address token
    ) internal view returns (uint256 paid, uint256 dueVerified, uint256 dueDelivered) {
        paid = model.paid(id, t);
        (, uint256 reported, ) = campaign.orderShare(id, token);
        if (reported > paid) paid = reported;
        dueVerified = model.due(id, t, model.verified(id));
        dueDelivered = model.due(id, t, model.order(id).delivered);
    }

    /// @dev Promise 2: after close every token's `unspentAtClose / net` is the same fraction within rounding (each
    /// order shifts a token by less than `ROUNDING_PER_ORDER` base units from the exact common fraction, so
    /// |unspent_a * net_b - unspent_b * net_a| < 2 * orders * max(net_a, net_b)), and every refund claimed after
    /// close was exactly floor(unspentAtClose * pledge / net).
    function _checkEqualFraction() internal view {
        if (campaign.status() != ICampaign.Status.Closed) return;
        uint256 orders = model.orderCount();
        for (uint256 a; a < 3; ++a) {
            uint256 netA = model.netAtClose(a);
            uint256 unspentA = campaign.ledger(_token(a)).unspentAtClose;
            assertLe(unspentA, netA, _msg(a, "unspent at close exceeds net pledges"));
            for (uint256 b = a + 1; b < 3; ++b) {
                uint256 netB = model.netAtClose(b);
                if (netA == 0 || netB == 0) continue;
                uint256 unspentB = campaign.ledger(_token(b)).unspentAtClose;
                // Each factor is below 2^128: the products fit.
                uint256 left = unspentA * netB;
                uint256 right = unspentB * netA;
                uint256 gap = left > right ? left - right : right - left;
                uint256 allowed = ROUNDING_PER_ORDER * orders * (netA > netB ? netA : netB);
                assertLe(
                    gap,
                    allowed,
                    string.concat(
                        "donors of ",
                        _name(a),
                        " and ",
                        _name(b),
                        " get back different fractions at close: unspent ",
                        Strings.toString(unspentA),
                        "/",
                        Strings.toString(netA),
                        " vs ",
                        Strings.toString(unspentB),
                        "/",
                        Strings.toString(netB)
                    )
                );
            }
        }
        address[] memory donors = handler.donors();
        for (uint256 t; t < 3; ++t) {
            for (uint256 d; d < donors.length; ++d) {
                assertEq(
                    model.refundAfterClose(t, donors[d]),
                    model.refundExpected(t, donors[d]),
                    _msg(t, "a refund after close differs from floor(unspentAtClose * pledge / net)")
                );
            }
        }
    }

    /// @dev Promise 3: once an order is settled (completed, cancelled, or closed) it was credited at least
    /// floor(amount_t * verifiedUnits / units) in every token and every verified unit is paid; after close no
    /// verified unit (all were recorded before the procurement deadline) is left uncredited.
    function _checkVerifiedUnitsPaid() internal view {
        uint256 count = model.orderCount();
        bool closed = campaign.status() == ICampaign.Status.Closed;
        for (uint256 id; id < count; ++id) {
            ICampaign.Order memory o = campaign.order(id);
            uint256 verified = model.verified(id);
            assertEq(o.unitsVerified, verified, "unitsVerified is not the threshold-th highest confirmation");
            bool settled = o.status == ICampaign.OrderStatus.Completed || o.status == ICampaign.OrderStatus.Cancelled;
            if (closed) assertTrue(settled, "an order is still open after close");
            if (!settled) continue;
            assertEq(o.unitsPaid, verified, "a settled order left verified units uncredited");
            for (uint256 t; t < 3; ++t) {
                (uint256 amount, uint256 paid, ) = campaign.orderShare(id, _token(t));
                assertGe(
                    paid,
                    (amount * verified) / o.units,
                    _msg(t, "a settled order was credited less than floor(amount * verified / units)")
                );
            }
            if (o.status == ICampaign.OrderStatus.Completed) {
                assertEq(o.unitsVerified, o.units, "a completed order is fully verified");
            }
        }
    }

    /// @dev The books, per token: balance >= pledged - cancelled - refunded - withdrawn; reserved + (earned -
    /// withdrawn) + available equals it; the sum of what suppliers may withdraw is earned - withdrawn; and the
    /// balance is exactly what came in minus what the handler saw leave (so nothing else left).
    function _checkBooks(uint256 t) internal view {
        address token = _token(t);
        ICampaign.Ledger memory l = campaign.ledger(token);
        uint256 owed = l.pledged - l.cancelled - l.refunded - l.withdrawn;
        uint256 balance = _balanceOf(token, address(campaign));
        assertGe(balance, owed, _msg(t, "balance < pledged - cancelled - refunded - withdrawn"));
        assertEq(
            l.reserved + (l.earned - l.withdrawn) + l.available,
            owed,
            _msg(t, "reserved + (earned - withdrawn) + available != pledged - cancelled - refunded - withdrawn")
        );
        address[] memory suppliers = handler.suppliers();
        uint256 withdrawable;
        for (uint256 s; s < suppliers.length; ++s) withdrawable += campaign.withdrawable(suppliers[s], token);
        assertEq(withdrawable, l.earned - l.withdrawn, _msg(t, "sum of withdrawable != earned - withdrawn"));
        assertEq(balance, model.inflow(t) - model.outflow(t), _msg(t, "money left unobserved"));
        assertEq(balance, owed + model.unsolicited(t), _msg(t, "balance != owed money + unsolicited money"));
        assertEq(l.available, model.available(t), _msg(t, "available differs from the model"));
        if (campaign.status() == ICampaign.Status.Closed) {
            assertEq(l.reserved, 0, _msg(t, "closed with money reserved"));
            assertLe(l.refunded, l.unspentAtClose, _msg(t, "refunds after close exceed what was unspent"));
        }
        for (uint256 s; s < suppliers.length; ++s) {
            uint256 withdrawn = model.withdrawnBy(t, suppliers[s]);
            uint256 sent = model.sentTo(t, suppliers[s]) + model.sentTo(t, handler.coldWallet(suppliers[s]));
            assertEq(sent, withdrawn, _msg(t, "money to a supplier is not a withdrawal"));
            if (withdrawn != 0) {
                assertTrue(
                    registry.supplier(suppliers[s]).status != IRegistry.PartyStatus.None,
                    "money went to an unregistered supplier"
                );
            }
        }
    }

    /// @dev No donor got back more than it pledged; what reached a donor's addresses is its cancellations and
    /// refunds; before close every donor's money is all there (100% after failure).
    function _checkDonors(uint256 t) internal view {
        address[] memory donors = handler.donors();
        ICampaign.Status status = campaign.status();
        uint256 toDonors;
        for (uint256 d; d < donors.length; ++d) toDonors += _checkDonor(t, donors[d], status);
        assertEq(
            toDonors,
            model.cancelled(t) + model.refunded(t),
            _msg(t, "money to donors is cancellations plus refunds")
        );
    }

    function _checkDonor(uint256 t, address donor, ICampaign.Status status) internal view returns (uint256 returned) {
        address token = _token(t);
        uint256 pledged = model.pledgedBy(t, donor);
        uint256 standing = model.standing(t, donor);
        returned = model.returned(t, donor);
        assertLe(returned, pledged, _msg(t, "a donor got back more than it pledged"));
        assertEq(
            model.sentTo(t, donor) + model.sentTo(t, handler.coldWallet(donor)),
            returned,
            _msg(t, "money sent to a donor is not a cancellation or refund")
        );
        (uint256 amount, uint256 usd) = campaign.pledgeOf(donor, token);
        assertEq(amount, standing, _msg(t, "pledgeOf differs from the model"));
        assertEq(usd, model.standingUsd(t, donor), _msg(t, "pledge USD value differs from the model"));
        uint256 refundable = campaign.refundable(donor, token);
        if (status != ICampaign.Status.Closed) {
            assertEq(returned + standing, pledged, _msg(t, "before close, donors get back exactly what they gave"));
            assertEq(
                refundable,
                status == ICampaign.Status.Failed ? standing : 0,
                _msg(t, "refundable: 100% after failure, nothing before failure or close")
            );
            return returned;
        }
        uint256 net = model.netAtClose(t);
        uint256 share = net == 0 ? 0 : (campaign.ledger(token).unspentAtClose * standing) / net;
        assertEq(refundable, share, _msg(t, "refundable after close is floor(unspentAtClose * pledge / net)"));
    }

    /// @dev Statuses only move forward (Failed and Closed are never left), orders' statuses too, and every
    /// verifier's nonce never goes back (used signatures stay used).
    function _checkForward() internal view {
        assertTrue(
            handler.regressionCount() == 0,
            string.concat("something moved backwards: ", handler.firstRegression())
        );
        assertTrue(uint8(campaign.status()) >= uint8(handler.lastStatus()), "campaign status moved backwards");
        uint256 count = model.orderCount();
        for (uint256 id; id < count; ++id) {
            assertGe(uint8(campaign.order(id).status), handler.seenOrderStatus(id), "an order's status moved back");
        }
        address[] memory verifiers = handler.verifiers();
        for (uint256 i; i < verifiers.length; ++i) {
            assertGe(campaign.nonces(verifiers[i]), handler.seenNonce(i), "a verifier's nonce went back");
            assertEq(campaign.nonces(verifiers[i]), model.nonce(i), "a nonce differs from the uses counted");
        }
    }

    /// @dev After `finish`: nobody is owed anything any more but rounding dust (less than one unit per donor
    /// after close, nothing after failure), every supplier withdrew all it was credited.
    function _checkDrained() internal view {
        ICampaign.Status status = campaign.status();
        assertTrue(
            status == ICampaign.Status.Failed || status == ICampaign.Status.Closed,
            "a finished campaign is failed or closed"
        );
        address[] memory donors = handler.donors();
        for (uint256 t; t < 3; ++t) {
            address token = _token(t);
            ICampaign.Ledger memory l = campaign.ledger(token);
            uint256 owed = l.pledged - l.cancelled - l.refunded - l.withdrawn;
            assertEq(l.earned, l.withdrawn, _msg(t, "a supplier could not withdraw"));
            if (status == ICampaign.Status.Failed) {
                assertEq(owed, 0, _msg(t, "after failure every pledge went back"));
            } else {
                assertEq(owed, l.unspentAtClose - l.refunded, _msg(t, "after close only rounding dust stays"));
                assertLe(owed, donors.length, _msg(t, "more than a unit of dust per donor"));
            }
            for (uint256 d; d < donors.length; ++d) {
                assertEq(campaign.refundable(donors[d], token), 0, _msg(t, "a donor could not claim"));
            }
        }
    }

    /// @dev Runs after each invariant run: checks once more, takes the campaign to its end, lets everyone take
    /// what it is owed, checks everything again and that nothing is stuck, and refuses a run in which too few
    /// actions did anything.
    function afterInvariant() public {
        _checkAll();
        handler.finish();
        _checkAll();
        _checkDrained();
        uint256 attempts = handler.totalAttempts();
        assertGe(attempts, 1, "the fuzzer made no call");
        assertGe(
            handler.productiveAttempts() * 100,
            attempts * MIN_PRODUCTIVE_PERCENT,
            "too few calls did anything for the run to mean anything"
        );
    }

    // ───────────────────────────── helpers ─────────────────────────────

    function _token(uint256 t) internal view returns (address) {
        return handler.tokens()[t];
    }

    function _name(uint256 t) internal pure returns (string memory) {
        return t == 0 ? "ETH" : (t == 1 ? "USDC" : "WBTC");
    }

    function _msg(uint256 t, string memory what) internal pure returns (string memory) {
        return string.concat(_name(t), ": ", what);
    }

    function _balanceOf(address token, address account) internal view returns (uint256) {
        return token == ETH ? account.balance : IERC20(token).balanceOf(account);
    }
}

/// @title CampaignInvariantTest
/// @notice A keep-what-you-raise appeal with a $20,000 goal and $13,800 pledged at setup in ETH, USDC and WBTC, with
/// three verifiers of which one colludes with the insiders and a threshold of two: every action, every insider
/// move. Each invariant is its own fuzzing campaign; `afterInvariant` checks all of them after every run.
contract CampaignInvariantTest is CampaignInvariantBase {
    function setUp() public {
        _setUpCampaign(20_000e18, false, 3, 2, 1, 6);
    }

    /// @notice Promise 1: per token, unverified payouts stay within the campaign-wide advance cap.
    /// hardhat-config: invariant.failOnRevert = true
    function invariant_unverifiedPayoutsWithinCap() public view {
        for (uint256 t; t < 3; ++t) _checkUnverifiedPayouts(t);
    }

    /// @notice Promise 2: after close every token gives back the same fraction, and refunds are exactly pro rata.
    /// hardhat-config: invariant.failOnRevert = true
    function invariant_everyDonorGetsBackTheSameFraction() public view {
        _checkEqualFraction();
    }

    /// @notice Promise 3: verified units are always paid, whatever cancels or closes the order.
    /// hardhat-config: invariant.failOnRevert = true
    function invariant_verifiedUnitsAreAlwaysPaid() public view {
        _checkVerifiedUnitsPaid();
    }

    /// @notice The books add up, per token, and money leaves only to donors and registered suppliers.
    /// hardhat-config: invariant.failOnRevert = true
    function invariant_booksBalance() public view {
        for (uint256 t; t < 3; ++t) {
            _checkBooks(t);
            _checkDonors(t);
        }
    }

    /// @notice States only move forward; used nonces never go back.
    /// hardhat-config: invariant.failOnRevert = true
    function invariant_statesAndNoncesOnlyMoveForward() public view {
        _checkForward();
    }

    /// @notice Every call did what the model of the rules says, and moved exactly the money it says.
    /// hardhat-config: invariant.failOnRevert = true
    function invariant_everyCallMatchesTheModel() public view {
        _checkModel();
    }
}

/// @title CampaignAllOrNothingInvariantTest
/// @notice An all-or-nothing appeal with a $20,000 goal and $11,500 pledged at setup: depending on the sequence it
/// succeeds (closed early or at the deadline) or fails. Five verifiers, threshold three, two of them colluding.
contract CampaignAllOrNothingInvariantTest is CampaignInvariantBase {
    function setUp() public {
        _setUpCampaign(20_000e18, true, 5, 3, 2, 5);
    }

    /// hardhat-config: invariant.failOnRevert = true
    function invariant_thePromiseHoldsWhetherItSucceedsOrFails() public view {
        _checkAll();
    }
}

/// @title CampaignFailureInvariantTest
/// @notice An all-or-nothing appeal whose goal ($1 billion) cannot be met: it fails at the deadline and every
/// donor, the organizer pledging for itself included, must be able to take back 100% of each token, whatever
/// happened before (cancellations, pauses, forced ETH, donations, suspensions, attempts to order or close).
contract CampaignFailureInvariantTest is CampaignInvariantBase {
    function setUp() public {
        _setUpCampaign(1_000_000_000e18, true, 3, 2, 1, 10);
    }

    function _selectors() internal pure override returns (bytes4[] memory s) {
        s = new bytes4[](11);
        s[0] = CampaignHandler.pledge.selector;
        s[1] = CampaignHandler.cancelPledge.selector;
        s[2] = CampaignHandler.closeFunding.selector;
        s[3] = CampaignHandler.warp.selector;
        s[4] = CampaignHandler.createOrder.selector;
        s[5] = CampaignHandler.close.selector;
        s[6] = CampaignHandler.claimRefund.selector;
        s[7] = CampaignHandler.togglePause.selector;
        s[8] = CampaignHandler.unsolicited.selector;
        s[9] = CampaignHandler.toggleSupplier.selector;
        s[10] = CampaignHandler.insiderRound.selector;
    }

    /// hardhat-config: invariant.failOnRevert = true
    function invariant_failedAppealRefundsEveryoneInFull() public view {
        _checkAll();
        ICampaign.Status status = campaign.status();
        assertTrue(
            status == ICampaign.Status.Funding || status == ICampaign.Status.Failed,
            "an unreachable all-or-nothing goal only ever funds or fails"
        );
        assertEq(campaign.orderCount(), 0, "a failed appeal places no order");
        if (block.timestamp >= handler.deadline()) {
            assertTrue(status == ICampaign.Status.Failed, "missed goal at the deadline: failed");
        }
    }
}

/// @title CampaignHandlerCoverageTest
/// @notice Guards the invariant tests against passing vacuously: seeded random walks through the handler (the
/// same mix of actions the fuzzer draws) must make every one of its 20 actions succeed at least once, complete
/// and cancel orders, close the campaign and pay refunds. Every check runs at the end of each walk, before and
/// after `finish` (the fuzzer runs them after every call).
contract CampaignHandlerCoverageTest is CampaignInvariantBase {
    uint256 private constant WALKS = 16;
    uint256 private constant STEPS = 40;

    function test_handler_everyActionSucceedsOnSeededWalks() public {
        // Both kinds of appeal set up once; each walk starts again from one of them.
        _setUpCampaign(20_000e18, true, 3, 2, 1, 6);
        uint256 allOrNothing = VM.snapshotState();
        _setUpCampaign(20_000e18, false, 3, 2, 1, 6);
        uint256 keepWhatYouRaise = VM.snapshotState();
        uint256[20] memory successes;
        uint256 completed;
        uint256 cancelled;
        uint256 closed;
        for (uint256 walk; walk < WALKS; ++walk) {
            VM.revertToState(walk % 3 == 2 ? allOrNothing : keepWhatYouRaise);
            _walk(walk);
            for (uint256 i; i < 20; ++i) successes[i] += handler.successes(i);
            for (uint256 id; id < campaign.orderCount(); ++id) {
                ICampaign.OrderStatus s = campaign.order(id).status;
                if (s == ICampaign.OrderStatus.Completed) ++completed;
                if (s == ICampaign.OrderStatus.Cancelled) ++cancelled;
            }
            if (campaign.status() == ICampaign.Status.Closed) ++closed;
            afterInvariant();
        }
        for (uint256 i; i < 20; ++i) {
            assertGe(successes[i], 1, string.concat("handler action never succeeded: ", _actionName(i)));
        }
        assertGe(completed, 1, "no order was completed");
        assertGe(cancelled, 1, "no order was cancelled");
        assertGe(closed, 1, "no campaign closed during a walk");
    }

    function _actionName(uint256 i) private pure returns (string memory) {
        string[20] memory names = [
            "pledge",
            "cancelPledge",
            "claimRefund",
            "closeFunding",
            "createOrder",
            "acceptOrder",
            "markShipped",
            "confirmDelivery",
            "confirmDeliveryBySig",
            "cancelSignatures",
            "cancelOrder",
            "releasePayment",
            "close",
            "withdraw",
            "toggleSupplier",
            "toggleVerifier",
            "togglePause",
            "warp",
            "insiderRound",
            "unsolicited"
        ];
        return names[i];
    }

    /// @dev Calls the handler like the fuzzer does: a random action with random (sometimes small) arguments.
    function _walk(uint256 walk) private {
        bytes4[] memory selectors = _allSelectors();
        uint256 rnd = uint256(keccak256(abi.encode("walk", walk)));
        for (uint256 step; step < STEPS; ++step) {
            rnd = uint256(keccak256(abi.encode(rnd)));
            bytes memory args;
            for (uint256 a; a < 5; ++a) {
                uint256 word = uint256(keccak256(abi.encode(rnd, a)));
                args = bytes.concat(args, abi.encode(word >> ((rnd >> (8 * a)) % 256)));
            }
            (bool ok, bytes memory reason) = address(handler).call(
                bytes.concat(selectors[rnd % selectors.length], args)
            );
            assertTrue(ok, string(reason));
        }
    }
}
