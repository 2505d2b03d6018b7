// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";

import {Campaign} from "../../contracts/Campaign.sol";
import {ICampaign} from "../../contracts/interfaces/ICampaign.sol";
import {IRegistry} from "../../contracts/interfaces/IRegistry.sol";

import {CampaignHandler} from "./utils/CampaignHandler.sol";
import {HandoverFixture} from "./utils/HandoverFixture.sol";
import {VM} from "./utils/Vm.sol";

/// @title CampaignInvariantBase
/// @notice One campaign per invariant run (the fuzzer re-runs `setUp` for each run), driven by a
/// `CampaignHandler`, with the design's invariants (DESIGN.md, "Invariants") checked after every call and the
/// campaign taken to its end and drained after every run.
abstract contract CampaignInvariantBase is HandoverFixture {
    /// @dev forge-std's layout: the fuzzer reads it from `targetSelectors()`.
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    uint256 internal constant DONORS = 5;
    /// @dev Below this share of productive calls (the state changed, or a probe was refused as it must be) a run
    /// would say little: fail it rather than pass vacuously. Runs typically reach 50-75%.
    uint256 internal constant MIN_PRODUCTIVE_PERCENT = 30;

    CampaignHandler internal handler;
    Campaign internal campaign;

    function _setUpCampaign(uint128 goalUsd, bool allOrNothing) internal {
        _deploy();
        (address[] memory verifiers, uint256[] memory verifierKeys) = _verifiers(3);
        ICampaign.Params memory p = _defaultParams(verifiers, 2, goalUsd, allOrNothing);
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
        s.donors = new address[](DONORS);
        s.donorKeys = new uint256[](DONORS);
        for (uint256 i; i < DONORS; ++i) {
            s.donorKeys[i] = DONOR_KEY_BASE + i;
            s.donors[i] = VM.addr(s.donorKeys[i]);
        }
        s.suppliers = new address[](2);
        s.suppliers[0] = supplierA;
        s.suppliers[1] = supplierB;
        s.verifierKeys = verifierKeys;
        handler = new CampaignHandler(s);

        // A first pledge in each token, through the handler so that its ghosts see them.
        handler.pledgeETH(0, 1 ether);
        handler.pledge(1, 0, 4_000e6); // USDC, with a permit
        handler.pledge(2, 1, 0.05e8); // WBTC
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

    function _selectors() internal view virtual returns (bytes4[] memory);

    function _allSelectors() internal pure returns (bytes4[] memory s) {
        s = new bytes4[](19);
        s[0] = CampaignHandler.pledgeETH.selector;
        s[1] = CampaignHandler.pledge.selector;
        s[2] = CampaignHandler.cancelPledge.selector;
        s[3] = CampaignHandler.closeFunding.selector;
        s[4] = CampaignHandler.warp.selector;
        s[5] = CampaignHandler.createOrder.selector;
        s[6] = CampaignHandler.acceptOrder.selector;
        s[7] = CampaignHandler.markShipped.selector;
        s[8] = CampaignHandler.confirmDelivery.selector;
        s[9] = CampaignHandler.confirmDeliveryBySig.selector;
        s[10] = CampaignHandler.cancelOrder.selector;
        s[11] = CampaignHandler.releasePayment.selector;
        s[12] = CampaignHandler.close.selector;
        s[13] = CampaignHandler.claimRefund.selector;
        s[14] = CampaignHandler.withdraw.selector;
        s[15] = CampaignHandler.togglePause.selector;
        s[16] = CampaignHandler.forceETH.selector;
        s[17] = CampaignHandler.donateToken.selector;
        s[18] = CampaignHandler.toggleSupplier.selector;
    }

    // ───────────────────────────── the invariants ─────────────────────────────

    /// @dev Every invariant of the design, per token, plus the handler's own verdicts.
    function _checkAll() internal view {
        _checkModel();
        address[3] memory tokens = handler.tokens();
        uint256 raised;
        for (uint256 t; t < 3; ++t) {
            _checkBooks(tokens[t]);
            _checkDonors(tokens[t]);
            _checkSuppliers(tokens[t]);
            raised += campaign.ledger(tokens[t]).pledgedUsd;
        }
        assertEq(campaign.raisedUsd(), raised, "raisedUsd is the sum of the books' USD values");
        _checkOrders(tokens);
    }

    /// @dev The handler compares every call with its model as it goes; its first disagreement fails the test.
    function _checkModel() internal view {
        assertTrue(handler.violationCount() == 0, string.concat("model violation: ", handler.firstViolation()));
        assertTrue(uint8(campaign.status()) >= uint8(handler.lastStatus()), "status moved backwards");
    }

    /// @dev balance >= pledged - cancelled - refunded - withdrawn; the books add up; they agree with the ghosts;
    /// and the balance is exactly what came in minus what the handler saw leave (so nothing else left).
    function _checkBooks(address token) internal view {
        ICampaign.Ledger memory l = campaign.ledger(token);
        uint256 owed = l.pledged - l.cancelled - l.refunded - l.withdrawn;
        uint256 balance = _balanceOf(token, address(campaign));
        assertGe(balance, owed, "balance >= pledged - cancelled - refunded - withdrawn");
        assertEq(
            l.reserved + (l.earned - l.withdrawn) + l.available,
            owed,
            "reserved + earned-unwithdrawn + available == pledged - cancelled - refunded - withdrawn"
        );
        assertEq(l.pledged, handler.ghostTotalPledged(token), "pledged differs from the ghost");
        assertEq(l.pledgedUsd, handler.ghostTotalPledgedUsd(token), "pledgedUsd differs from the ghost");
        assertEq(l.cancelled, handler.ghostTotalCancelled(token), "cancelled differs from the ghost");
        assertEq(l.refunded, handler.ghostTotalRefunded(token), "refunded differs from the ghost");
        assertEq(l.withdrawn, handler.ghostTotalWithdrawn(token), "withdrawn differs from the ghost");
        assertEq(l.earned, handler.ghostTotalEarned(token), "earned differs from the ghost");
        assertEq(balance, handler.ghostInflow(token) - handler.ghostOutflow(token), "money left unobserved");
        assertEq(balance, owed + handler.ghostUnsolicited(token), "balance is owed money plus unsolicited money");
        if (campaign.status() == ICampaign.Status.Closed) {
            assertEq(l.reserved, 0, "closed with money reserved");
            assertEq(l.unspentAtClose, handler.ghostUnspentAtClose(token), "unspent at close");
            assertLe(l.refunded, l.unspentAtClose, "refunds after close exceed what was unspent");
        }
    }

    /// @dev No donor got back more than it pledged; money that went to donors is exactly cancellations plus
    /// refunds; pledges and refundable amounts match the model (100% after failure, pro rata after close).
    function _checkDonors(address token) internal view {
        address[] memory donors = handler.donors();
        ICampaign.Status status = campaign.status();
        uint256 toDonors;
        for (uint256 d; d < donors.length; ++d) toDonors += _checkDonor(token, donors[d], status);
        assertEq(
            toDonors,
            handler.ghostTotalCancelled(token) + handler.ghostTotalRefunded(token),
            "money to donors is cancellations plus refunds"
        );
    }

    function _checkDonor(
        address token,
        address donor,
        ICampaign.Status status
    ) internal view returns (uint256 returned) {
        uint256 pledged = handler.ghostPledged(token, donor);
        uint256 standing = handler.ghostStanding(token, donor);
        returned = handler.ghostReturned(token, donor);
        assertLe(returned, pledged, "a donor got back more than it pledged");
        assertEq(handler.ghostSentTo(token, donor), returned, "money sent to a donor is not a cancel or refund");
        (uint256 amount, uint256 usd) = campaign.pledgeOf(donor, token);
        assertEq(amount, standing, "pledgeOf differs from the model");
        assertEq(usd, handler.ghostStandingUsd(token, donor), "pledge USD value differs from the model");
        uint256 refundable = campaign.refundable(donor, token);
        if (status == ICampaign.Status.Closed) {
            uint256 net = handler.ghostNetAtClose(token);
            uint256 share = net == 0 ? 0 : (handler.ghostUnspentAtClose(token) * standing) / net;
            assertEq(refundable, share, "after close a donor gets its pro-rata share");
            return returned;
        }
        assertEq(returned + standing, pledged, "before close, donors get back exactly what they pledged");
        if (status == ICampaign.Status.Failed) {
            assertEq(refundable, standing, "after failure a donor gets 100% back");
        } else {
            assertEq(refundable, 0, "nothing is refundable before failure or close");
        }
    }

    /// @dev Money to suppliers is exactly what they withdrew; what is withdrawable adds up to earned - withdrawn;
    /// no supplier earned more than the sum of its orders' amounts; suppliers paid are registered suppliers.
    function _checkSuppliers(address token) internal view {
        address[] memory suppliers = handler.suppliers();
        ICampaign.Ledger memory l = campaign.ledger(token);
        uint256 withdrawable;
        uint256 toSuppliers;
        for (uint256 s; s < suppliers.length; ++s) {
            address supplier = suppliers[s];
            uint256 credited = handler.ghostCredited(token, supplier);
            uint256 withdrawn = handler.ghostWithdrawnBy(token, supplier);
            assertEq(campaign.withdrawable(supplier, token), credited - withdrawn, "withdrawable differs from model");
            assertLe(credited, handler.ghostOrdered(token, supplier), "a supplier earned more than its orders");
            assertEq(handler.ghostSentTo(token, supplier), withdrawn, "money to a supplier is not a withdrawal");
            if (withdrawn != 0) {
                assertTrue(
                    registry.supplier(supplier).status != IRegistry.SupplierStatus.None,
                    "money went to an unregistered supplier"
                );
            }
            withdrawable += credited - withdrawn;
            toSuppliers += withdrawn;
        }
        assertEq(withdrawable, l.earned - l.withdrawn, "sum of withdrawable == earned - withdrawn");
        assertEq(toSuppliers, l.withdrawn, "money to suppliers is what they withdrew");
    }

    /// @dev Orders keep their terms; paid <= amount and never ahead of verified units beyond the advance; the
    /// open orders' unpaid parts are exactly what is reserved, and what orders paid is exactly what was earned.
    function _checkOrders(address[3] memory tokens) internal view {
        uint256 count = campaign.orderCount();
        assertEq(count, handler.ghostOrderCount(), "order count differs from the model");
        uint256[3] memory reserved;
        uint256[3] memory paid;
        uint256 open;
        for (uint256 id; id < count; ++id) {
            ICampaign.Order memory o = campaign.order(id);
            CampaignHandler.GhostOrder memory g = handler.ghostOrder(id);
            assertEq(o.supplier, g.supplier, "order supplier changed");
            assertEq(o.token, g.token, "order token changed");
            assertEq(o.amount, g.amount, "order amount changed");
            assertEq(o.units, g.units, "order units changed");
            assertEq(o.advanceBps, g.advanceBps, "order advance changed");
            assertLe(o.advanceBps, handler.maxAdvanceBps(), "advance above the campaign's cap");
            assertEq(o.deliverBy, g.deliverBy, "order deliver-by changed");
            assertTrue(o.status == g.status, "order status differs from the model");
            assertEq(o.paid, g.paid, "order paid differs from the model");
            assertLe(o.paid, o.amount, "paid > amount");
            assertEq(o.unitsVerified, handler.ghostVerified(id), "unitsVerified is not the threshold rule");
            _checkConfirmations(id);
            uint256 advance = (o.amount * o.advanceBps) / 10_000;
            uint256 due = (o.amount * o.unitsVerified) / o.units;
            assertLe(o.paid, advance > due ? advance : due, "paid ahead of verified delivery");
            if (o.status == ICampaign.OrderStatus.Completed) {
                assertEq(o.paid, o.amount, "a completed order is fully paid");
                assertEq(o.unitsVerified, o.units, "a completed order is fully verified");
            }
            uint256 t = o.token == tokens[0] ? 0 : (o.token == tokens[1] ? 1 : 2);
            paid[t] += o.paid;
            if (
                o.status == ICampaign.OrderStatus.Placed ||
                o.status == ICampaign.OrderStatus.Accepted ||
                o.status == ICampaign.OrderStatus.Shipped
            ) {
                reserved[t] += o.amount - o.paid;
                ++open;
            }
        }
        assertEq(campaign.openOrderCount(), open, "open order count");
        for (uint256 t; t < 3; ++t) {
            ICampaign.Ledger memory l = campaign.ledger(tokens[t]);
            assertEq(l.reserved, reserved[t], "reserved is the unpaid part of open orders");
            assertEq(l.earned, paid[t], "earned is what orders paid");
        }
    }

    /// @dev Each verifier's cumulative confirmation is the last one it made: confirmations stay recorded.
    function _checkConfirmations(uint256 id) internal view {
        address[] memory verifiers = handler.verifiers();
        for (uint256 i; i < verifiers.length; ++i) {
            assertEq(
                campaign.confirmedUnits(id, verifiers[i]),
                handler.ghostConfirmed(id, i),
                "a verifier's confirmation differs from the last one it made"
            );
        }
    }

    /// @dev After `finish`: nobody is owed anything any more but rounding dust (less than one unit per donor
    /// after close, nothing after failure), and the balance is that dust plus unsolicited money.
    function _checkDrained() internal view {
        ICampaign.Status status = campaign.status();
        assertTrue(
            status == ICampaign.Status.Failed || status == ICampaign.Status.Closed,
            "a finished campaign is failed or closed"
        );
        address[3] memory tokens = handler.tokens();
        address[] memory donors = handler.donors();
        for (uint256 t; t < 3; ++t) {
            address token = tokens[t];
            ICampaign.Ledger memory l = campaign.ledger(token);
            uint256 owed = l.pledged - l.cancelled - l.refunded - l.withdrawn;
            assertEq(l.earned, l.withdrawn, "a supplier could not withdraw");
            if (status == ICampaign.Status.Failed) {
                assertEq(owed, 0, "after failure every pledge went back");
            } else {
                assertEq(owed, l.unspentAtClose - l.refunded, "after close only rounding dust stays");
                assertLe(owed, donors.length, "more than a unit of dust per donor");
            }
            for (uint256 d; d < donors.length; ++d) {
                assertEq(campaign.refundable(donors[d], token), 0, "a donor could not claim");
                if (status == ICampaign.Status.Failed) {
                    assertEq(
                        handler.ghostReturned(token, donors[d]),
                        handler.ghostPledged(token, donors[d]),
                        "after failure every donor got 100% back"
                    );
                }
            }
        }
    }

    /// @dev Runs after each invariant run: checks once more, takes the campaign to its end, lets everyone take
    /// what it is owed, checks that nothing is stuck, and refuses a run in which too few actions did anything.
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

    function _balanceOf(address token, address account) internal view returns (uint256) {
        return token == ETH ? account.balance : IERC20(token).balanceOf(account);
    }
}

/// @title CampaignInvariantTest
/// @notice A keep-what-you-raise appeal with a $20,000 goal (reachable, so the organizer may also close funding
/// early): every action, ETH, USDC and WBTC, five donors, two suppliers, three verifiers with threshold two.
/// @dev Each invariant function is its own fuzzing campaign; both check everything after each run.
contract CampaignInvariantTest is CampaignInvariantBase {
    function setUp() public {
        _setUpCampaign(20_000e18, false);
    }

    function _selectors() internal pure override returns (bytes4[] memory) {
        return _allSelectors();
    }

    /// @notice Per token: balance >= pledged - cancelled - refunded - withdrawn; reserved + earned-unwithdrawn +
    /// available equals it; every unit that left went to a donor (cancel, refund) or a registered supplier
    /// (withdrawal); no donor got back more than it pledged; withdrawable adds up to earned - withdrawn.
    /// hardhat-config: invariant.failOnRevert = true
    function invariant_moneyIsAccountedFor() public view {
        _checkAll();
    }

    /// @notice Orders keep their terms, pay at most their amount and never ahead of verified units (beyond the
    /// capped advance), verified units follow the threshold rule, suppliers earn at most their orders' amounts,
    /// and the status only moves forward.
    /// hardhat-config: invariant.failOnRevert = true
    function invariant_paymentsFollowVerifiedDelivery() public view {
        _checkModel();
        _checkOrders(handler.tokens());
        address[3] memory tokens = handler.tokens();
        for (uint256 t; t < 3; ++t) _checkSuppliers(tokens[t]);
    }
}

/// @title CampaignAllOrNothingInvariantTest
/// @notice An all-or-nothing appeal with a reachable $20,000 goal: depending on the sequence it succeeds (closed
/// early or at the deadline) or fails because donors cancelled or pledged too little; every action is in play.
contract CampaignAllOrNothingInvariantTest is CampaignInvariantBase {
    function setUp() public {
        _setUpCampaign(20_000e18, true);
    }

    function _selectors() internal pure override returns (bytes4[] memory) {
        return _allSelectors();
    }

    /// hardhat-config: invariant.failOnRevert = true
    function invariant_moneyIsAccountedForWhetherItSucceedsOrFails() public view {
        _checkAll();
    }
}

/// @title CampaignFailureInvariantTest
/// @notice An all-or-nothing appeal whose goal ($1 billion) cannot be met: it fails at the deadline and every
/// donor must be able to take back 100% of each token, whatever happened before (cancellations, pauses, forced
/// ETH, donations, suspended suppliers, attempts to order or close).
contract CampaignFailureInvariantTest is CampaignInvariantBase {
    function setUp() public {
        _setUpCampaign(1_000_000_000e18, true);
    }

    function _selectors() internal pure override returns (bytes4[] memory s) {
        s = new bytes4[](12);
        s[0] = CampaignHandler.pledgeETH.selector;
        s[1] = CampaignHandler.pledge.selector;
        s[2] = CampaignHandler.cancelPledge.selector;
        s[3] = CampaignHandler.closeFunding.selector;
        s[4] = CampaignHandler.warp.selector;
        s[5] = CampaignHandler.createOrder.selector;
        s[6] = CampaignHandler.close.selector;
        s[7] = CampaignHandler.claimRefund.selector;
        s[8] = CampaignHandler.togglePause.selector;
        s[9] = CampaignHandler.forceETH.selector;
        s[10] = CampaignHandler.donateToken.selector;
        s[11] = CampaignHandler.toggleSupplier.selector;
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
/// same mix of actions the fuzzer draws) must make every one of its 19 actions succeed at least once, complete
/// and cancel orders, close the campaign and pay refunds, with every invariant checked after each step.
contract CampaignHandlerCoverageTest is CampaignInvariantBase {
    uint256 private constant WALKS = 12;
    uint256 private constant STEPS = 40;

    function _selectors() internal pure override returns (bytes4[] memory) {
        return _allSelectors();
    }

    function test_handler_everyActionSucceedsOnSeededWalks() public {
        uint256[19] memory successes;
        uint256 completed;
        uint256 cancelled;
        uint256 closed;
        for (uint256 walk; walk < WALKS; ++walk) {
            _setUpCampaign(20_000e18, walk % 3 == 2);
            _walk(walk);
            for (uint256 i; i < 19; ++i) successes[i] += handler.successes(i);
            for (uint256 id; id < campaign.orderCount(); ++id) {
                ICampaign.OrderStatus s = campaign.order(id).status;
                if (s == ICampaign.OrderStatus.Completed) ++completed;
                if (s == ICampaign.OrderStatus.Cancelled) ++cancelled;
            }
            if (campaign.status() == ICampaign.Status.Closed) ++closed;
            afterInvariant();
        }
        for (uint256 i; i < 19; ++i) {
            assertGe(successes[i], 1, string.concat("handler action never succeeded: #", _name(i)));
        }
        assertGe(completed, 1, "no order was completed");
        assertGe(cancelled, 1, "no order was cancelled");
        assertGe(closed, 1, "no campaign closed during a walk");
    }

    /// @dev Calls the handler like the fuzzer does: a random action with random (sometimes small) arguments.
    function _walk(uint256 walk) private {
        bytes4[] memory selectors = _allSelectors();
        uint256 rnd = uint256(keccak256(abi.encode("walk", walk)));
        for (uint256 step; step < STEPS; ++step) {
            rnd = uint256(keccak256(abi.encode(rnd)));
            bytes memory args;
            for (uint256 a; a < 6; ++a) {
                uint256 word = uint256(keccak256(abi.encode(rnd, a)));
                args = bytes.concat(args, abi.encode(word >> ((rnd >> (8 * a)) % 256)));
            }
            (bool ok, bytes memory reason) = address(handler).call(
                bytes.concat(selectors[rnd % selectors.length], args)
            );
            assertTrue(ok, string(reason));
            _checkAll();
        }
    }

    function _name(uint256 action) private pure returns (string memory) {
        return Strings.toString(action);
    }
}
