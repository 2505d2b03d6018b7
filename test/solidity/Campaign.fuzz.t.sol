// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";

import {Campaign} from "../../contracts/Campaign.sol";
import {ICampaign} from "../../contracts/interfaces/ICampaign.sol";
import {ICampaignProcurement} from "../../contracts/interfaces/ICampaignProcurement.sol";
import {IRegistry} from "../../contracts/interfaces/IRegistry.sol";
import {MockDecimalsToken} from "../../contracts/mocks/MockDecimalsToken.sol";
import {MockV3Aggregator} from "../../contracts/mocks/MockV3Aggregator.sol";

import {ConfirmationDigest} from "./utils/ConfirmationDigest.sol";
import {HandoverFixture} from "./utils/HandoverFixture.sol";
import {VM} from "./utils/Vm.sol";

/// @title CampaignFuzzTest
/// @notice The v2 campaign's arithmetic, driven through real clones: per-token order shares
/// `floor(net_t * amountUsd / raised)` and the reservation boundary, payment `max(advance, amount * verified /
/// units)` and the unbacked total it leaves, the threshold rule, signatures bound to a campaign, an order, its
/// supplier and terms, and a nonce, and pro-rata refunds whose fraction is the same across tokens of 0 to 24
/// decimals. Every reference value is computed here from the specification, not read from the campaign.
/// @dev `bulk` is an 18-decimal token priced at $1 by an 18-decimal feed: its USD value equals its amount, so that
/// pledges and orders reach the campaign's limits (2^120 - 1 USD in total) in one token.
contract CampaignFuzzTest is HandoverFixture {
    uint256 private constant MAX_UNITS = type(uint40).max;
    uint256 private constant BPS = 10_000;
    uint256 private constant MAX_USD = type(uint120).max;
    bytes32 private constant EVIDENCE = keccak256("delivery note");
    bytes32 private constant TERMS = keccak256("PO terms");
    uint256 private constant SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;

    MockDecimalsToken private bulk;

    function setUp() public {
        _deploy();
        bulk = new MockDecimalsToken(18);
        MockV3Aggregator bulkFeed = new MockV3Aggregator(18, 1e18, "BULK / USD");
        registry.setAcceptedToken(address(bulk), address(bulkFeed), MAX_STALENESS);
    }

    // ───────────────────────────── order shares ─────────────────────────────

    /// @dev One run of the order-share test.
    struct ShareRun {
        Campaign campaign;
        address[] tokens;
        uint256[] net;
        uint256[] reserved;
        uint256 raised;
        uint256 orders;
    }

    /// @notice ETH (18 decimals), USDC (6), WBTC (8) and a token of 0 to 24 decimals at a random price, pledged in
    /// random amounts at random prices: every order reserves exactly floor(net_t * amountUsd / raised) of each
    /// token (computed here), the reservations never exceed any token's net pledges however many orders there
    /// are, `unreservedUsd()` can always be ordered, and the first amount that needs one base unit more than some
    /// token has left is refused with that token's `CampaignInsufficientFunds(token, available, required)`.
    function testFuzz_orderShares_neverOverReserveAcrossManyOrders(
        uint256 seed,
        uint256 decimalsSeed,
        uint256 priceSeed
    ) public {
        ShareRun memory run;
        (run.campaign, run.tokens) = _launchFourTokens(decimalsSeed, priceSeed);
        _pledgeRandomly(run.campaign, run.tokens, seed, 6);
        VM.warp(run.campaign.params().deadline);
        _refreshFeeds();
        run.raised = run.campaign.raisedUsd();
        run.net = new uint256[](4);
        run.reserved = new uint256[](4);
        for (uint256 t; t < 4; ++t) {
            ICampaign.Ledger memory l = run.campaign.ledger(run.tokens[t]);
            run.net[t] = l.pledged - l.cancelled;
        }

        for (uint256 i; i < 12; ++i) {
            uint256 h = uint256(keccak256(abi.encode(seed, "order", i)));
            uint256 unreserved = run.campaign.unreservedUsd();
            bool all = h % 4 == 0;
            uint256 amountUsd = all ? unreserved : bound(h >> 2, 1, unreserved == 0 ? 1 : unreserved);
            (bool fits, bool placed) = _placeShareOrder(run, amountUsd);
            // What the view says is left can always be ordered (unless it buys nothing in any token).
            if (all) assertTrue(fits, "unreservedUsd() cannot be ordered");
            if (!placed) break;
        }
        assertGe(run.orders, 1, "no order placed: the run would check nothing");
        _checkBoundary(run);
        for (uint256 t; t < 4; ++t) {
            ICampaign.Ledger memory l = run.campaign.ledger(run.tokens[t]);
            assertEq(l.reserved, run.reserved[t], "reserved is the sum of the shares");
            assertLe(l.reserved, run.net[t], "reserved more than the token's net pledges");
            assertEq(l.available, run.net[t] - run.reserved[t], "available is net minus reserved");
        }
    }

    /// @dev Places an order of `amountUsd` if every share fits (as computed here) and buys something; checks every
    /// reserved amount.
    function _placeShareOrder(ShareRun memory run, uint256 amountUsd) private returns (bool fits, bool placed) {
        uint256[] memory shares = new uint256[](4);
        uint256 total;
        for (uint256 t; t < 4; ++t) {
            // net < 2^128 and amountUsd <= raised < 2^120: the product fits.
            shares[t] = (run.net[t] * amountUsd) / run.raised;
            if (shares[t] > run.net[t] - run.reserved[t]) return (false, false);
            total += shares[t];
        }
        if (total == 0) return (true, false);
        uint256 id = _placeOrder(run.campaign, amountUsd, 1, 0);
        for (uint256 t; t < 4; ++t) {
            (uint256 amount, uint256 paid, ) = run.campaign.orderShare(id, run.tokens[t]);
            assertEq(amount, shares[t], "order share is floor(net * amountUsd / raised)");
            assertEq(paid, 0, "a placed order has paid nothing");
            run.reserved[t] += shares[t];
        }
        ++run.orders;
        return (true, true);
    }

    /// @dev The smallest amount that some token cannot cover is refused with that token's error, and one USD wei
    /// less (when it is not zero and covers something) is accepted.
    function _checkBoundary(ShareRun memory run) private {
        uint256 smallest = type(uint256).max;
        for (uint256 t; t < 4; ++t) {
            if (run.net[t] == 0) continue;
            uint256 available = run.net[t] - run.reserved[t];
            // The least U with floor(net * U / raised) > available: ceil((available + 1) * raised / net).
            uint256 least = ((available + 1) * run.raised + run.net[t] - 1) / run.net[t];
            if (least < smallest) smallest = least;
        }
        if (smallest > run.raised) {
            VM.prank(organizer);
            VM.expectRevert(
                abi.encodeWithSelector(ICampaign.CampaignOrderAboveRaised.selector, run.raised + 1, run.raised)
            );
            run.campaign.createOrder(supplierA, run.raised + 1, 1, uint40(block.timestamp + 1 days), 0, TERMS);
            return;
        }
        for (uint256 t; t < 4; ++t) {
            uint256 share = (run.net[t] * smallest) / run.raised;
            uint256 available = run.net[t] - run.reserved[t];
            if (share <= available) continue;
            VM.prank(organizer);
            VM.expectRevert(
                abi.encodeWithSelector(ICampaign.CampaignInsufficientFunds.selector, run.tokens[t], available, share)
            );
            run.campaign.createOrder(supplierA, smallest, 1, uint40(block.timestamp + 1 days), 0, TERMS);
            break;
        }
        assertTrue(run.campaign.unreservedUsd() < smallest, "unreservedUsd() claims more than the pool holds");
        // One USD wei less fits every token.
        (bool fits, ) = _placeShareOrder(run, smallest - 1);
        assertTrue(fits, "the amount just below the boundary does not fit");
    }

    // ───────────────────────────── payments and the unbacked total ─────────────────────────────

    /// @dev One run of the payment test.
    struct PayRun {
        Campaign campaign;
        address[] tokens;
        uint256 orderId;
        uint256[] amount;
        uint256 units;
        uint256 advanceBps;
        uint256 verified;
    }

    /// @notice Along any increasing sequence of verified units (some recorded while the deployment is paused and
    /// credited by `releasePayment` after it), in four tokens of different decimals, the supplier holds exactly
    /// max(advance, floor(amount * verified / units)) of each, `unbacked` is exactly what that exceeds
    /// floor(amount * verified / units) and never underflows, and the last delivery pays the whole amount, leaves
    /// nothing unbacked and completes the order.
    function testFuzz_payments_maxOfAdvanceAndDeliveryNeverUnderflow(
        uint256 seed,
        uint256 unitsSeed,
        uint256 advanceSeed,
        uint256 decimalsSeed
    ) public {
        PayRun memory run;
        (run.campaign, run.tokens) = _launchFourTokens(decimalsSeed, seed);
        _pledgeRandomly(run.campaign, run.tokens, seed, 4);
        VM.warp(run.campaign.params().deadline);
        _refreshFeeds();
        run.units = unitsSeed % 2 == 0 ? bound(unitsSeed >> 1, 1, 10) : bound(unitsSeed >> 1, 1, MAX_UNITS);
        run.advanceBps = advanceSeed % 3 == 0 ? 3_000 : bound(advanceSeed, 0, 3_000);
        uint256 unreserved = run.campaign.unreservedUsd();
        uint256 amountUsd = bound(uint256(keccak256(abi.encode(seed, "usd"))), unreserved / 10 + 1, unreserved);
        run.orderId = _placeOrder(run.campaign, amountUsd, run.units, run.advanceBps);
        run.amount = new uint256[](4);
        for (uint256 t; t < 4; ++t) (run.amount[t], , ) = run.campaign.orderShare(run.orderId, run.tokens[t]);
        VM.prank(supplierA);
        run.campaign.acceptOrder(run.orderId);
        _checkPayments(run);

        uint256 steps = 1 + (seed % 6);
        for (uint256 step; step < steps && run.verified < run.units; ++step) {
            uint256 h = uint256(keccak256(abi.encode(seed, "step", step)));
            uint256 next = step + 1 == steps ? run.units : bound(h, run.verified + 1, run.units);
            bool paused = (h >> 128) % 3 == 0;
            if (paused) {
                VM.prank(pauser);
                registry.pause();
            }
            _confirmByTwo(run.campaign, run.orderId, next);
            if (paused) {
                // Recorded, not credited: the pause defers the payment.
                assertEq(run.campaign.order(run.orderId).unitsVerified, next, "confirmations count while paused");
                _checkPayments(run);
                VM.prank(pauser);
                registry.unpause();
                run.campaign.releasePayment(run.orderId);
            }
            run.verified = next;
            _checkPayments(run);
        }
        ICampaign.Order memory o = run.campaign.order(run.orderId);
        assertTrue(o.status == ICampaign.OrderStatus.Completed, "the last delivery completes the order");
        for (uint256 t; t < 4; ++t) {
            ICampaign.Ledger memory l = run.campaign.ledger(run.tokens[t]);
            assertEq(l.earned, run.amount[t], "the whole amount is paid");
            assertEq(l.unbacked, 0, "a completed order leaves nothing unbacked");
            assertEq(l.reserved, 0, "nothing stays reserved");
        }
    }

    /// @dev The reference: paid = max(floor(amount * bps / 10,000), floor(amount * paidUnits / units)) and
    /// unbacked = paid - floor(amount * paidUnits / units), where paidUnits is what was credited so far.
    function _checkPayments(PayRun memory run) private view {
        uint256 paidUnits = run.campaign.order(run.orderId).unitsPaid;
        assertEq(paidUnits, run.verified, "units paid are the verified units credited");
        for (uint256 t; t < 4; ++t) {
            uint256 due = (run.amount[t] * paidUnits) / run.units;
            uint256 advance = (run.amount[t] * run.advanceBps) / BPS;
            uint256 paid = advance > due ? advance : due;
            (, uint256 orderPaid, uint256 orderAdvance) = run.campaign.orderShare(run.orderId, run.tokens[t]);
            assertEq(orderAdvance, advance, "advance is floor(amount * advanceBps / 10,000)");
            assertEq(orderPaid, paid, "paid is max(advance, floor(amount * verified / units))");
            assertEq(run.campaign.withdrawable(supplierA, run.tokens[t]), paid, "withdrawable is what was paid");
            ICampaign.Ledger memory l = run.campaign.ledger(run.tokens[t]);
            assertEq(l.unbacked, paid - due, "unbacked is what the payment exceeds the delivered share");
            assertLe(l.unbacked, l.advanceCap, "unbacked within the campaign-wide cap");
            assertLe(paid, run.amount[t], "paid more than the order's amount");
        }
    }

    /// @notice Several orders with advances, some accepted, partly delivered, then cancelled (some after the
    /// supplier is suspended, with or without having withdrawn every token): `unbacked` equals, per token, the
    /// sum over every order ever accepted of what it was paid beyond its delivered share (reclaimed advances
    /// excepted), never underflows, and never exceeds the cap; a later acceptance is refused exactly when it would
    /// cross the cap.
    function testFuzz_unbacked_tracksEveryOrderAndRefusesBeyondTheCap(uint256 seed) public {
        (Campaign campaign, address[] memory tokens) = _launchFourTokens(seed, seed >> 8);
        _pledgeRandomly(campaign, tokens, seed, 4);
        VM.warp(campaign.params().deadline);
        _refreshFeeds();
        uint256 raised = campaign.raisedUsd();
        for (uint256 i; i < 6; ++i) {
            uint256 h = uint256(keccak256(abi.encode(seed, "round", i)));
            uint256 unreserved = campaign.unreservedUsd();
            if (unreserved == 0) break;
            uint256 most = raised / 3 < unreserved ? raised / 3 : unreserved;
            uint256 amountUsd = bound(h, most / 10 + 1, most + 1);
            if (amountUsd > unreserved) amountUsd = unreserved;
            uint256 units = bound(h >> 64, 1, 100);
            uint256 id;
            try this.placeOrderExternal(campaign, amountUsd, units, 3_000) returns (uint256 placed) {
                id = placed;
            } catch {
                break; // every share rounded to zero
            }
            bool withinCap = _withinCap(campaign, tokens, id);
            if (!withinCap) {
                VM.prank(supplierA);
                VM.expectPartialRevert(ICampaign.CampaignAdvanceCapExceeded.selector);
                campaign.acceptOrder(id);
                VM.prank(organizer);
                campaign.cancelOrder(id);
                continue;
            }
            VM.prank(supplierA);
            campaign.acceptOrder(id);
            uint256 delivered = bound(h >> 96, 0, units - 1);
            if (delivered != 0) _confirmByTwo(campaign, id, delivered);
            if ((h >> 128) % 2 == 0) _withdrawAll(campaign, tokens, supplierA);
            bool suspend = (h >> 129) % 2 == 0;
            if (suspend) {
                VM.prank(vetter);
                registry.suspendSupplier(supplierA, "audit");
            } else {
                VM.warp(campaign.order(id).deliverBy + campaign.params().deliveryGracePeriod);
                _refreshFeeds();
            }
            VM.prank(organizer);
            campaign.cancelOrder(id);
            if (suspend) {
                VM.prank(vetter);
                registry.reinstateSupplier(supplierA);
            }
            _checkUnbacked(campaign, tokens);
        }
    }

    /// @dev Whether accepting `id` keeps every token's unbacked total within its cap (computed here).
    function _withinCap(Campaign campaign, address[] memory tokens, uint256 id) private view returns (bool) {
        for (uint256 t; t < tokens.length; ++t) {
            (uint256 amount, , ) = campaign.orderShare(id, tokens[t]);
            uint256 advance = (amount * 3_000) / BPS;
            ICampaign.Ledger memory l = campaign.ledger(tokens[t]);
            uint256 cap = ((l.pledged - l.cancelled) * 3_000) / BPS;
            if (advance != 0 && l.unbacked + advance > cap) return false;
        }
        return true;
    }

    /// @dev unbacked == sum over orders of (paid - floor(amount * unitsPaid / units)) <= cap, per token.
    function _checkUnbacked(Campaign campaign, address[] memory tokens) private view {
        uint256 count = campaign.orderCount();
        for (uint256 t; t < tokens.length; ++t) {
            uint256 expected;
            for (uint256 id; id < count; ++id) {
                ICampaign.Order memory o = campaign.order(id);
                (uint256 amount, uint256 paid, ) = campaign.orderShare(id, tokens[t]);
                uint256 due = (amount * o.unitsPaid) / o.units;
                assertGe(paid, due, "an order was paid less than its verified units earned");
                expected += paid - due;
            }
            ICampaign.Ledger memory l = campaign.ledger(tokens[t]);
            assertEq(l.unbacked, expected, "unbacked is the sum of what orders were paid beyond delivery");
            assertLe(l.unbacked, l.advanceCap, "unbacked beyond the campaign-wide cap");
            assertEq(l.advanceCap, ((l.pledged - l.cancelled) * 3_000) / BPS, "cap is 30% of net pledges");
        }
    }

    // ───────────────────────────── refunds ─────────────────────────────

    /// @notice For 2..20 donors with random pledges of `bulk` and any unspent amount <= net pledged, each donor's
    /// refund is floor(unspent * pledge / net), the refunds never exceed what was unspent, and they lose less
    /// than one unit per donor to rounding (sum >= unspent - (n - 1)).
    function testFuzz_refund_proRataSharesNeverExceedUnspent(
        uint256 seed,
        uint256 donorCountSeed,
        uint256 unspentSeed
    ) public {
        uint256 n = bound(donorCountSeed, 2, 20);
        address[] memory only = new address[](1);
        only[0] = address(bulk);
        Campaign campaign = _launch(only, 2, 2, 0);

        // A donor who pledges and cancels: net pledged must exclude it.
        address canceller = address(0xCA);
        uint256 cancelled = bound(uint256(keccak256(abi.encode(seed, "cancel"))), 1, type(uint96).max);
        _pledge(campaign, address(bulk), canceller, cancelled);
        VM.prank(canceller);
        campaign.cancelPledge(address(bulk));

        uint256[] memory pledges = new uint256[](n);
        uint256 net;
        for (uint256 i; i < n; ++i) {
            uint256 h = uint256(keccak256(abi.encode(seed, i)));
            // Magnitudes from 1 to 10^34 so that tiny and huge pledges mix, within 2^120 USD in total.
            uint256 magnitude = 10 ** (h % 35);
            uint256 maxEach = MAX_USD / n;
            pledges[i] = bound(h >> 8, 1, magnitude < maxEach ? magnitude : maxEach);
            _pledge(campaign, address(bulk), _donor(i), pledges[i]);
            net += pledges[i];
        }
        // Nothing spent and everything spent are edges worth hitting often.
        uint256 unspent = unspentSeed % 8 == 0 ? net : (unspentSeed % 8 == 1 ? 0 : bound(unspentSeed, 0, net));
        uint256 spent = net - unspent;

        // Spend exactly `spent` through one fully delivered order ($1 per unit of bulk: its share is its amount).
        VM.warp(campaign.params().deadline);
        _refreshFeeds();
        if (spent != 0) {
            uint256 orderId = _placeOrder(campaign, spent, 1, 0);
            VM.prank(supplierA);
            campaign.acceptOrder(orderId);
            _confirmByTwo(campaign, orderId, 1);
        }
        VM.prank(organizer);
        campaign.close();

        ICampaign.Ledger memory l = campaign.ledger(address(bulk));
        assertEq(l.unspentAtClose, unspent, "unspent at close");
        assertEq(l.pledged - l.cancelled, net, "net pledged");

        uint256 refunded;
        for (uint256 i; i < n; ++i) {
            // Both factors are below 2^128: the product fits, so the reference is plain arithmetic.
            uint256 expected = (unspent * pledges[i]) / net;
            refunded += _claimExpecting(campaign, address(bulk), _donor(i), expected);
        }
        assertLe(refunded, unspent, "refunds exceed what was unspent");
        assertGe(refunded + (n - 1), unspent, "refunds lose a unit or more per donor");
        assertEq(campaign.ledger(address(bulk)).refunded, refunded, "ledger refunded");
        assertEq(bulk.balanceOf(address(campaign)), unspent - refunded + spent, "campaign keeps dust and earnings");
        assertEq(bulk.balanceOf(canceller), cancelled, "the canceller got its pledge back");
    }

    /// @dev One run of the refund-fraction test.
    struct FractionRun {
        Campaign campaign;
        address[] tokens;
        uint256 orders;
    }

    /// @notice Donors pledge ETH, USDC (6 decimals), WBTC (8) and a token of 0 to 24 decimals at random prices;
    /// the organizer spends through up to six orders that complete, deliver in part, keep only their advance, or
    /// are cancelled before acceptance; after close every token's unspent / net is the same fraction within two
    /// base units per order (|unspent_a * net_b - unspent_b * net_a| < 2 * orders * max(net_a, net_b)), every
    /// refund is floor(unspentAtClose * pledge / net), and they add up to at most what was unspent.
    function testFuzz_refundFractions_equalAcrossTokensOfAnyDecimals(
        uint256 seed,
        uint256 decimalsSeed,
        uint256 priceSeed
    ) public {
        FractionRun memory run;
        (run.campaign, run.tokens) = _launchFourTokens(decimalsSeed, priceSeed);
        _pledgeRandomly(run.campaign, run.tokens, seed, 6);
        VM.warp(run.campaign.params().deadline);
        _refreshFeeds();
        for (uint256 i; i < 6; ++i) {
            if (!_spendOnce(run, uint256(keccak256(abi.encode(seed, "spend", i))))) break;
        }
        VM.warp(run.campaign.params().procurementDeadline);
        _refreshFeeds();
        run.campaign.close();
        _checkFractions(run);
        for (uint256 t; t < 4; ++t) {
            ICampaign.Ledger memory l = run.campaign.ledger(run.tokens[t]);
            uint256 net = l.pledged - l.cancelled;
            uint256 refunded;
            for (uint256 d; d < 6; ++d) {
                (uint256 pledge, ) = run.campaign.pledgeOf(_donor(d), run.tokens[t]);
                if (pledge == 0) continue;
                refunded += _claimExpecting(run.campaign, run.tokens[t], _donor(d), (l.unspentAtClose * pledge) / net);
            }
            assertLe(refunded, l.unspentAtClose, "refunds exceed what was unspent");
            assertLe(l.unspentAtClose - refunded, 6, "more than a base unit of dust per donor");
        }
    }

    /// @dev One order: completed, partly delivered and cancelled after the deadline, advance only, or cancelled
    /// before acceptance. Returns false once nothing more can be ordered.
    function _spendOnce(FractionRun memory run, uint256 h) private returns (bool) {
        uint256 unreserved = run.campaign.unreservedUsd();
        if (unreserved == 0) return false;
        uint256 amountUsd = bound(h, 1, unreserved);
        uint256 units = bound(h >> 64, 1, 1_000);
        uint256 advanceBps = (h >> 96) % 2 == 0 ? 0 : bound(h >> 100, 1, 3_000);
        uint256 id;
        try this.placeOrderExternal(run.campaign, amountUsd, units, advanceBps) returns (uint256 placed) {
            id = placed;
        } catch {
            return false; // every share rounded to zero
        }
        ++run.orders;
        uint256 mode = (h >> 128) % 4;
        if (mode == 3) {
            VM.prank(organizer);
            run.campaign.cancelOrder(id);
            return true;
        }
        VM.prank(supplierA);
        try run.campaign.acceptOrder(id) {} catch {
            // The campaign-wide cap refuses this advance.
            VM.prank(organizer);
            run.campaign.cancelOrder(id);
            return true;
        }
        if (mode == 0) _confirmByTwo(run.campaign, id, units);
        else if (mode == 1) _confirmByTwo(run.campaign, id, bound(h >> 140, 1, units));
        // mode 2: the advance only; the order stays open until close settles it.
        return true;
    }

    function _checkFractions(FractionRun memory run) private view {
        for (uint256 a; a < 4; ++a) {
            ICampaign.Ledger memory la = run.campaign.ledger(run.tokens[a]);
            uint256 netA = la.pledged - la.cancelled;
            for (uint256 b = a + 1; b < 4; ++b) {
                ICampaign.Ledger memory lb = run.campaign.ledger(run.tokens[b]);
                uint256 netB = lb.pledged - lb.cancelled;
                if (netA == 0 || netB == 0) continue;
                uint256 left = la.unspentAtClose * netB;
                uint256 right = lb.unspentAtClose * netA;
                uint256 gap = left > right ? left - right : right - left;
                uint256 bigger = netA > netB ? netA : netB;
                assertTrue(
                    gap < 2 * run.orders * bigger || gap == 0,
                    string.concat(
                        "unspent / net differs across tokens beyond rounding: ",
                        Strings.toString(la.unspentAtClose),
                        "/",
                        Strings.toString(netA),
                        " vs ",
                        Strings.toString(lb.unspentAtClose),
                        "/",
                        Strings.toString(netB)
                    )
                );
            }
        }
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

    /// @notice With 1..5 verifiers and any threshold k (the admin lowers the registry's minimum to 1 for this
    /// test), the verified units are the k-th highest confirmation after every confirmation, whether sent by
    /// verifiers or submitted as EIP-712 signatures; the supplier is paid pro rata to them and the order completes
    /// exactly when they reach the order's units.
    function testFuzz_verifiedUnits_isTheKthHighestConfirmation(
        uint256 countSeed,
        uint256 thresholdSeed,
        uint256 seed
    ) public {
        registry.setLimits(IRegistry.Limits(90 days, 365 days, 3_000, 1));
        KthRun memory run;
        uint256 n = bound(countSeed, 1, 5);
        run.k = bound(thresholdSeed, 1, n);
        address[] memory only = new address[](1);
        only[0] = address(bulk);
        run.campaign = _launch(only, n, run.k, 0);
        (run.verifiers, run.keys) = _verifiers(n);
        run.confirmed = new uint256[](n);
        _pledge(run.campaign, address(bulk), _donor(0), 1e30);
        VM.warp(run.campaign.params().deadline);
        _refreshFeeds();

        run.amount = bound(uint256(keccak256(abi.encode(seed, "amount"))), 1, 1e30);
        // Few units make ties (several verifiers on one value) common; many make them rare.
        run.units = seed % 2 == 0 ? bound(seed >> 1, 1, 8) : bound(seed >> 1, 1, MAX_UNITS);
        run.orderId = _placeOrder(run.campaign, run.amount, run.units, 0);
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

    /// @dev Submits signed confirmations from a random subset of the verifiers still below a random target, when
    /// they complete the threshold with those already at or above it; otherwise checks that they are refused with
    /// `CampaignNotEnoughSignatures(agreeing, k)`.
    function _confirmBySignatures(KthRun memory run, uint256 h) private {
        uint256 target = bound(h >> 2, 1, run.units);
        uint256 n = run.keys.length;
        uint256[] memory chosen = new uint256[](n);
        uint256 count;
        uint256 agreeing;
        for (uint256 i; i < n; ++i) {
            if (run.confirmed[i] >= target) {
                ++agreeing;
            } else if ((h >> (8 + i)) % 2 == 0) {
                chosen[count++] = i;
            }
        }
        if (count == 0) return;
        agreeing += count;
        ICampaignProcurement.SignedConfirmation[] memory signed = new ICampaignProcurement.SignedConfirmation[](count);
        for (uint256 j; j < count; ++j) signed[j] = _sign(run, chosen[j], target, block.timestamp + 1 hours);
        if (agreeing < run.k) {
            VM.expectRevert(abi.encodeWithSelector(ICampaign.CampaignNotEnoughSignatures.selector, agreeing, run.k));
            run.campaign.confirmDeliveryBySig(run.orderId, uint64(target), EVIDENCE, signed);
            return;
        }
        run.campaign.confirmDeliveryBySig(run.orderId, uint64(target), EVIDENCE, signed);
        for (uint256 j; j < count; ++j) run.confirmed[chosen[j]] = target;

        // Used signatures stay used: the same batch is refused, its first signer's nonce having moved on (or the
        // order being complete).
        address first = run.verifiers[chosen[0]];
        if (run.campaign.order(run.orderId).status == ICampaign.OrderStatus.Completed) {
            VM.expectRevert(
                abi.encodeWithSelector(
                    ICampaign.CampaignWrongOrderStatus.selector,
                    run.orderId,
                    ICampaign.OrderStatus.Completed
                )
            );
        } else {
            VM.expectRevert(
                abi.encodeWithSelector(ICampaign.CampaignInvalidSignature.selector, first, run.campaign.nonces(first))
            );
        }
        run.campaign.confirmDeliveryBySig(run.orderId, uint64(target), EVIDENCE, signed);
    }

    /// @dev Verifier `i`'s signature of `target` with its current nonce, from the specification (and equal to the
    /// campaign's own `confirmationDigest`).
    function _sign(
        KthRun memory run,
        uint256 i,
        uint256 target,
        uint256 deadline
    ) private view returns (ICampaignProcurement.SignedConfirmation memory) {
        address verifier = run.verifiers[i];
        uint256 nonce = run.campaign.nonces(verifier);
        bytes32 digest = ConfirmationDigest.compute(
            address(run.campaign),
            ConfirmationDigest.Confirmation(
                run.orderId,
                supplierA,
                TERMS,
                uint64(target),
                EVIDENCE,
                verifier,
                nonce,
                deadline
            )
        );
        assertTrue(
            run.campaign.confirmationDigest(run.orderId, uint64(target), EVIDENCE, verifier, nonce, deadline) == digest,
            "confirmationDigest differs from the EIP-712 specification"
        );
        (uint8 v, bytes32 r, bytes32 s) = VM.sign(run.keys[i], digest);
        return ICampaignProcurement.SignedConfirmation(verifier, deadline, abi.encodePacked(r, s, v));
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
        (, uint256 paid, ) = run.campaign.orderShare(run.orderId, address(bulk));
        assertEq(paid, (run.amount * expected) / run.units, "paid pro rata to verified units");
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

    /// @notice A signed confirmation counts once, for one order of one campaign, with the verifier's current nonce
    /// and before its deadline: not on another clone with the same verifiers and order id, not on another order of
    /// the same campaign (another supplier and terms), not in its malleable (high-s) form, not after its deadline,
    /// not once the verifier confirmed by transaction or cancelled its signatures, and not twice.
    function testFuzz_confirmDeliveryBySig_isBoundToCampaignOrderNonceAndDeadline(
        uint256 unitsSeed,
        bytes32 evidence,
        uint256 deadlineSeed
    ) public {
        VM.assume(evidence != bytes32(0));
        address[] memory only = new address[](1);
        only[0] = address(bulk);
        Campaign first = _launch(only, 3, 2, 0);
        Campaign second = _launch(only, 3, 2, 0);
        (address[] memory verifiers, ) = _verifiers(3);
        _pledge(first, address(bulk), _donor(0), 1e24);
        _pledge(second, address(bulk), _donor(1), 1e24);
        VM.warp(first.params().deadline);
        _refreshFeeds();
        uint64 units = uint64(bound(unitsSeed, 2, MAX_UNITS));
        uint256 deadline = block.timestamp + bound(deadlineSeed, 0, 30 days);
        // Order 0 with supplier A, order 1 with supplier B, in the first campaign; order 0 with A in the second.
        _placeOrder(first, 1e21, units, 0);
        VM.prank(organizer);
        first.createOrder(supplierB, 1e21, units, uint40(block.timestamp + 1 days), 0, TERMS);
        _placeOrder(second, 1e21, units, 0);
        VM.prank(supplierA);
        first.acceptOrder(0);
        VM.prank(supplierB);
        first.acceptOrder(1);
        VM.prank(supplierA);
        second.acceptOrder(0);

        _checkDomain(first);
        (
            ICampaignProcurement.SignedConfirmation[] memory signed,
            ICampaignProcurement.SignedConfirmation[] memory malleable
        ) = _signTwice(address(first), units - 1, evidence, deadline);

        bytes memory invalid = abi.encodeWithSelector(ICampaign.CampaignInvalidSignature.selector, verifiers[0], 0);
        // Another clone with the same verifiers and order id: another domain.
        VM.expectRevert(invalid);
        second.confirmDeliveryBySig(0, units - 1, evidence, signed);
        // Another order of the same campaign: another order id, supplier and terms.
        VM.expectRevert(invalid);
        first.confirmDeliveryBySig(1, units - 1, evidence, signed);
        // The malleable twin of a valid signature (s -> n - s, v flipped).
        VM.expectRevert(invalid);
        first.confirmDeliveryBySig(0, units - 1, evidence, malleable);
        // Another quantity or evidence.
        VM.expectRevert(invalid);
        first.confirmDeliveryBySig(0, units, evidence, signed);
        // After its deadline.
        uint256 snapshot = VM.snapshotState();
        VM.warp(deadline + 1);
        VM.expectRevert(
            abi.encodeWithSelector(ICampaign.CampaignSignatureExpired.selector, verifiers[0], deadline, deadline + 1)
        );
        first.confirmDeliveryBySig(0, units - 1, evidence, signed);
        VM.revertToState(snapshot);
        // Once the verifier confirmed by transaction (on any order), its signature is void.
        VM.prank(verifiers[0]);
        first.confirmDelivery(1, 1, evidence);
        VM.expectRevert(abi.encodeWithSelector(ICampaign.CampaignInvalidSignature.selector, verifiers[0], 1));
        first.confirmDeliveryBySig(0, units - 1, evidence, signed);
        VM.revertToState(snapshot);
        // Once it cancelled its signatures, likewise.
        VM.prank(verifiers[0]);
        first.cancelSignatures();
        VM.expectRevert(abi.encodeWithSelector(ICampaign.CampaignInvalidSignature.selector, verifiers[0], 1));
        first.confirmDeliveryBySig(0, units - 1, evidence, signed);
        VM.revertToState(snapshot);

        // The right campaign, order, quantity, nonce and time: it counts, once.
        first.confirmDeliveryBySig(0, units - 1, evidence, signed);
        assertEq(first.order(0).unitsVerified, units - 1, "the signed quantity is verified");
        assertEq(first.nonces(verifiers[0]), 1, "the signature used the verifier's nonce");
        assertEq(second.order(0).unitsVerified, 0, "the other campaign is untouched");
        assertEq(first.order(1).unitsVerified, 0, "the other order is untouched");
        VM.expectRevert(abi.encodeWithSelector(ICampaign.CampaignInvalidSignature.selector, verifiers[0], 1));
        first.confirmDeliveryBySig(0, units - 1, evidence, signed);
    }

    /// @dev EIP-5267: the campaign publishes the domain `ConfirmationDigest` signs in ("Handover Campaign", "2",
    /// this chain, the clone itself; no salt, no extensions).
    function _checkDomain(Campaign campaign) private view {
        (
            bytes1 fields,
            string memory name,
            string memory version,
            uint256 chainId,
            address verifyingContract,
            bytes32 salt,
            uint256[] memory extensions
        ) = campaign.eip712Domain();
        assertTrue(fields == hex"0f", "domain fields: name, version, chainId, verifyingContract");
        assertTrue(keccak256(bytes(name)) == keccak256("Handover Campaign"), "domain name");
        assertTrue(keccak256(bytes(version)) == keccak256("2"), "domain version");
        assertEq(chainId, block.chainid, "domain chain id");
        assertEq(verifyingContract, address(campaign), "the clone is the verifying contract");
        assertTrue(salt == bytes32(0) && extensions.length == 0, "no salt, no extensions");
        assertTrue(
            keccak256(
                abi.encode(
                    keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                    keccak256(bytes(name)),
                    keccak256(bytes(version)),
                    chainId,
                    verifyingContract
                )
            ) == ConfirmationDigest.domainSeparator(address(campaign)),
            "the published domain is the one signatures use"
        );
    }

    /// @dev The first two verifiers' signatures of `units` of order 0 (supplier A, `TERMS`) with nonce 0, and the
    /// same pair with the first one replaced by its malleable twin (s -> n - s, v flipped).
    function _signTwice(
        address campaign,
        uint64 units,
        bytes32 evidence,
        uint256 deadline
    )
        private
        view
        returns (
            ICampaignProcurement.SignedConfirmation[] memory signed,
            ICampaignProcurement.SignedConfirmation[] memory malleable
        )
    {
        (address[] memory verifiers, uint256[] memory keys) = _verifiers(2);
        signed = new ICampaignProcurement.SignedConfirmation[](2);
        malleable = new ICampaignProcurement.SignedConfirmation[](2);
        for (uint256 i; i < 2; ++i) {
            bytes32 digest = ConfirmationDigest.compute(
                campaign,
                ConfirmationDigest.Confirmation(0, supplierA, TERMS, units, evidence, verifiers[i], 0, deadline)
            );
            (uint8 v, bytes32 r, bytes32 s) = VM.sign(keys[i], digest);
            signed[i] = ICampaignProcurement.SignedConfirmation(verifiers[i], deadline, abi.encodePacked(r, s, v));
            malleable[i] = signed[i];
            if (i == 0) {
                malleable[i] = ICampaignProcurement.SignedConfirmation(
                    verifiers[i],
                    deadline,
                    abi.encodePacked(r, bytes32(SECP256K1_N - uint256(s)), v == 27 ? uint8(28) : uint8(27))
                );
            }
        }
    }

    // ───────────────────────────── helpers ─────────────────────────────

    /// @dev A keep-what-you-raise campaign accepting `tokens`, with `n` verifiers, threshold `k`, the given
    /// advance cap and a $1 goal.
    function _launch(
        address[] memory tokens,
        uint256 n,
        uint256 k,
        uint16 maxAdvanceBps
    ) private returns (Campaign campaign) {
        (address[] memory verifiers, ) = _verifiers(n);
        ICampaign.Params memory p = _defaultParams(verifiers, uint8(k), 1, false);
        p.tokens = tokens;
        p.maxAdvanceBps = maxAdvanceBps;
        campaign = _createCampaign(p);
    }

    /// @dev ETH, USDC, WBTC and a token of `decimalsSeed`-chosen decimals (0 to 24) whose feed (8 or 18 decimals)
    /// prices it at a random value; a 30% advance cap and two verifiers of three.
    function _launchFourTokens(
        uint256 decimalsSeed,
        uint256 priceSeed
    ) private returns (Campaign campaign, address[] memory tokens) {
        uint8 decimals = uint8(bound(decimalsSeed, 0, 24));
        MockDecimalsToken odd = new MockDecimalsToken(decimals);
        uint8 feedDecimals = priceSeed % 2 == 0 ? 8 : 18;
        // From 10^-6 USD to 10^6 USD per whole token.
        uint256 price = bound(priceSeed >> 1, 10 ** (feedDecimals - 6), 10 ** (feedDecimals + 6));
        MockV3Aggregator feed = new MockV3Aggregator(feedDecimals, int256(price), "ODD / USD");
        registry.setAcceptedToken(address(odd), address(feed), MAX_STALENESS);
        tokens = new address[](4);
        tokens[0] = ETH;
        tokens[1] = address(usdc);
        tokens[2] = address(wbtc);
        tokens[3] = address(odd);
        campaign = _launch(tokens, 3, 2, 3_000);
    }

    /// @dev `donors` donors pledge random amounts (from one base unit to about $100,000) of random tokens.
    function _pledgeRandomly(Campaign campaign, address[] memory tokens, uint256 seed, uint256 donors) private {
        for (uint256 d; d < donors; ++d) {
            for (uint256 t; t < tokens.length; ++t) {
                uint256 h = uint256(keccak256(abi.encode(seed, "pledge", d, t)));
                if (h % 3 == 0) continue;
                uint256 unit = tokens[t] == ETH ? 1e18 : 10 ** MockDecimalsToken(tokens[t]).decimals();
                // About $1,000,000 of the priciest token at most; one base unit at least.
                uint256 amount = h % 7 == 1 ? 1 : bound(h >> 8, 1, 30 * unit);
                _pledge(campaign, tokens[t], _donor(d), amount);
            }
        }
    }

    function _pledge(Campaign campaign, address token, address donor, uint256 amount) private {
        if (token == ETH) {
            VM.deal(donor, amount);
            VM.prank(donor);
            campaign.pledgeETH{value: amount}();
            return;
        }
        MockDecimalsToken(token).mint(donor, amount);
        VM.startPrank(donor);
        IERC20(token).approve(address(campaign), amount);
        campaign.pledge(token, amount);
        VM.stopPrank();
    }

    /// @dev Claims `donor`'s refund of `token`, checking it is `expected` (and refused when that is zero).
    function _claimExpecting(
        Campaign campaign,
        address token,
        address donor,
        uint256 expected
    ) private returns (uint256) {
        assertEq(campaign.refundable(donor, token), expected, "refundable is floor(unspent * pledge / net)");
        if (expected == 0) {
            VM.expectRevert(abi.encodeWithSelector(ICampaign.CampaignNothingToRefund.selector, donor, token));
            VM.prank(donor);
            campaign.claimRefund(token);
            return 0;
        }
        uint256 before = token == ETH ? donor.balance : IERC20(token).balanceOf(donor);
        VM.prank(donor);
        campaign.claimRefund(token);
        uint256 received = (token == ETH ? donor.balance : IERC20(token).balanceOf(donor)) - before;
        assertEq(received, expected, "the donor received floor(unspent * pledge / net)");
        return received;
    }

    function _placeOrder(
        Campaign campaign,
        uint256 amountUsd,
        uint256 units,
        uint256 advanceBps
    ) private returns (uint256 orderId) {
        VM.prank(organizer);
        orderId = campaign.createOrder(
            supplierA,
            amountUsd,
            uint64(units),
            uint40(block.timestamp + 1 days),
            uint16(advanceBps),
            TERMS
        );
    }

    /// @dev `_placeOrder` as an external call, so that a refusal can be caught.
    function placeOrderExternal(
        Campaign campaign,
        uint256 amountUsd,
        uint256 units,
        uint256 advanceBps
    ) external returns (uint256) {
        require(msg.sender == address(this), "only this test");
        return _placeOrder(campaign, amountUsd, units, advanceBps);
    }

    /// @dev The first two verifiers confirm `units` cumulative units by transaction.
    function _confirmByTwo(Campaign campaign, uint256 orderId, uint256 units) private {
        address[] memory verifiers = campaign.params().verifiers;
        for (uint256 i; i < 2; ++i) {
            if (campaign.confirmedUnits(orderId, verifiers[i]) >= units) continue;
            VM.prank(verifiers[i]);
            campaign.confirmDelivery(orderId, uint64(units), EVIDENCE);
        }
    }

    function _withdrawAll(Campaign campaign, address[] memory tokens, address supplier) private {
        for (uint256 t; t < tokens.length; ++t) {
            if (campaign.withdrawable(supplier, tokens[t]) == 0) continue;
            VM.prank(supplier);
            campaign.withdraw(); // every token at once
            return;
        }
    }

    function _donor(uint256 i) private pure returns (address) {
        return address(uint160(0xD0_0000 + i));
    }
}
