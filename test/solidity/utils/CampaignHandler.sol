// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";

import {Campaign} from "../../../contracts/Campaign.sol";
import {Registry} from "../../../contracts/Registry.sol";
import {ICampaign} from "../../../contracts/interfaces/ICampaign.sol";
import {ForceSender} from "../../../contracts/mocks/ForceSender.sol";
import {MockUSDC} from "../../../contracts/mocks/MockUSDC.sol";
import {MockV3Aggregator} from "../../../contracts/mocks/MockV3Aggregator.sol";
import {MockWBTC} from "../../../contracts/mocks/MockWBTC.sol";

import {Assertions} from "./Assertions.sol";
import {ConfirmationDigest} from "./ConfirmationDigest.sol";
import {VM} from "./Vm.sol";

/// @title CampaignHandler
/// @notice Drives one campaign through random sequences of every action of the design, over ETH, a 6-decimal
/// USDC (pledged with `approve` or with an EIP-2612 permit) and an 8-decimal WBTC, with several donors, two
/// vetted suppliers (suspended and reinstated now and then), k-of-n verifiers (confirming by transaction or by
/// EIP-712 signatures), pauses, forced ETH and token donations.
/// @dev The invariant fuzzer calls the actions with random seeds. Each action maps its seeds onto a call that a
/// model of the design says should succeed (or, now and then, one it says must fail: a "probe"), makes the call
/// under `try`, and compares the outcome with the model. The handler never reverts: a disagreement is recorded as
/// a violation that the invariant test reports. Ghost variables follow every unit of money in and out, measured
/// on the balances of the campaign and of each recipient around each call.
contract CampaignHandler is Assertions {
    // ───────────────────────────── types ─────────────────────────────

    enum Action {
        PledgeETH,
        Pledge,
        CancelPledge,
        CloseFunding,
        Warp,
        CreateOrder,
        AcceptOrder,
        MarkShipped,
        ConfirmDelivery,
        ConfirmDeliveryBySig,
        CancelOrder,
        ReleasePayment,
        Close,
        ClaimRefund,
        Withdraw,
        TogglePause,
        ForceETH,
        DonateToken,
        ToggleSupplier
    }

    /// @notice Everything the handler needs; the invariant test builds it in `setUp`.
    struct Setup {
        Campaign campaign;
        Registry registry;
        MockUSDC usdc;
        MockWBTC wbtc;
        MockV3Aggregator[3] feeds;
        address organizer;
        address vetter;
        address pauser;
        address[] donors;
        uint256[] donorKeys;
        address[] suppliers;
        uint256[] verifierKeys;
    }

    /// @notice What the handler knows of an order, independently of the campaign.
    struct GhostOrder {
        address supplier;
        address token;
        uint256 amount;
        uint256 units;
        uint256 advanceBps;
        uint256 deliverBy;
        uint256 paid;
        ICampaign.OrderStatus status;
    }

    // ───────────────────────────── constants ─────────────────────────────

    uint256 public constant ACTION_COUNT = 19;
    address internal constant ETH = address(0);
    uint256 private constant BPS = 10_000;
    uint256 private constant MAX_ORDER_UNITS = type(uint40).max;
    bytes32 private constant PERMIT_TYPEHASH = keccak256(
        "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"
    );

    // ───────────────────────────── configuration ─────────────────────────────

    Campaign public immutable campaign;
    Registry public immutable registry;
    MockUSDC public immutable usdc;
    MockWBTC public immutable wbtc;
    ForceSender public immutable forcer;
    address public immutable organizer;
    address public immutable vetter;
    address public immutable pauser;

    uint256 public immutable deadline;
    uint256 public immutable procurementDeadline;
    uint256 public immutable gracePeriod;
    uint256 public immutable maxAdvanceBps;
    uint256 public immutable threshold;
    uint256 public immutable goalUsd;

    address[3] internal _tokens;
    MockV3Aggregator[3] internal _feeds;
    address[] internal _donors;
    uint256[] internal _donorKeys;
    address[] internal _suppliers;
    address[] internal _verifiers;
    uint256[] internal _verifierKeys;

    // ───────────────────────────── ghosts ─────────────────────────────

    /// @notice Everything each donor ever pledged, per token (what arrived).
    mapping(address token => mapping(address donor => uint256)) public ghostPledged;
    /// @notice Each donor's standing pledge per the model (zeroed by cancel and refund).
    mapping(address token => mapping(address donor => uint256)) public ghostStanding;
    mapping(address token => mapping(address donor => uint256)) public ghostStandingUsd;
    /// @notice What each donor received back through cancellations and refunds.
    mapping(address token => mapping(address donor => uint256)) public ghostReturned;
    /// @notice Money that left the campaign, per recipient, measured on balances.
    mapping(address token => mapping(address recipient => uint256)) public ghostSentTo;
    /// @notice What each supplier was credited (advances and deliveries) and withdrew.
    mapping(address token => mapping(address supplier => uint256)) public ghostCredited;
    mapping(address token => mapping(address supplier => uint256)) public ghostWithdrawnBy;
    /// @notice The sum of the amounts of every order placed with each supplier.
    mapping(address token => mapping(address supplier => uint256)) public ghostOrdered;

    mapping(address token => uint256) public ghostTotalPledged;
    mapping(address token => uint256) public ghostTotalPledgedUsd;
    mapping(address token => uint256) public ghostTotalCancelled;
    mapping(address token => uint256) public ghostTotalRefunded;
    mapping(address token => uint256) public ghostTotalWithdrawn;
    mapping(address token => uint256) public ghostTotalEarned;
    /// @notice Everything that reached the campaign (pledges, forced ETH, donations) and everything that left.
    mapping(address token => uint256) public ghostInflow;
    mapping(address token => uint256) public ghostOutflow;
    /// @notice Forced ETH and direct token transfers: not pledges, never owed to anyone.
    mapping(address token => uint256) public ghostUnsolicited;
    /// @notice Unspent and net pledged as the model computes them when the campaign closes.
    mapping(address token => uint256) public ghostUnspentAtClose;
    mapping(address token => uint256) public ghostNetAtClose;

    GhostOrder[] internal _orders;
    mapping(uint256 orderId => uint256[5] units) internal _confirmed;

    /// @notice The campaign's status after the last action (statuses only move forward).
    ICampaign.Status public lastStatus;

    // ───────────────────────────── bookkeeping ─────────────────────────────

    uint256[19] public attempts;
    uint256[19] public successes;
    uint256[19] public expectedReverts;
    /// @notice Attempts after which the campaign's state changed (or a probe was refused as it must be).
    uint256 public productiveAttempts;
    uint256 private _successCount;
    uint256 public violationCount;
    string public firstViolation;
    Action private _current;
    bool private _counting;

    // ───────────────────────────── constructor ─────────────────────────────

    constructor(Setup memory s) {
        campaign = s.campaign;
        registry = s.registry;
        usdc = s.usdc;
        wbtc = s.wbtc;
        forcer = new ForceSender(payable(address(0)));
        organizer = s.organizer;
        vetter = s.vetter;
        pauser = s.pauser;
        _tokens = [ETH, address(s.usdc), address(s.wbtc)];
        _feeds = s.feeds;
        _donors = s.donors;
        _donorKeys = s.donorKeys;
        _suppliers = s.suppliers;
        _verifierKeys = s.verifierKeys;

        ICampaign.Params memory p = s.campaign.params();
        _verifiers = p.verifiers;
        deadline = p.deadline;
        procurementDeadline = p.procurementDeadline;
        gracePeriod = p.deliveryGracePeriod;
        maxAdvanceBps = p.maxAdvanceBps;
        threshold = p.threshold;
        goalUsd = p.goalUsd;
        lastStatus = s.campaign.status();
    }

    // ───────────────────────────── views for the invariant test ─────────────────────────────

    function tokens() external view returns (address[3] memory) {
        return _tokens;
    }

    function donors() external view returns (address[] memory) {
        return _donors;
    }

    function suppliers() external view returns (address[] memory) {
        return _suppliers;
    }

    function verifiers() external view returns (address[] memory) {
        return _verifiers;
    }

    function ghostOrderCount() external view returns (uint256) {
        return _orders.length;
    }

    function ghostOrder(uint256 orderId) external view returns (GhostOrder memory) {
        return _orders[orderId];
    }

    function ghostConfirmed(uint256 orderId, uint256 verifierIndex) external view returns (uint256) {
        return _confirmed[orderId][verifierIndex];
    }

    /// @notice The model's verified units of `orderId`: the threshold-th highest confirmation.
    function ghostVerified(uint256 orderId) public view returns (uint256) {
        uint256 n = _verifiers.length;
        uint256[] memory sorted = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            uint256 v = _confirmed[orderId][i];
            uint256 j = i;
            while (j > 0 && sorted[j - 1] < v) {
                sorted[j] = sorted[j - 1];
                --j;
            }
            sorted[j] = v;
        }
        return sorted[threshold - 1];
    }

    function totalAttempts() public view returns (uint256 total) {
        for (uint256 i; i < ACTION_COUNT; ++i) total += attempts[i];
    }

    function totalSuccesses() public view returns (uint256 total) {
        for (uint256 i; i < ACTION_COUNT; ++i) total += successes[i];
    }

    function totalExpectedReverts() public view returns (uint256 total) {
        for (uint256 i; i < ACTION_COUNT; ++i) total += expectedReverts[i];
    }

    // ───────────────────────────── actions ─────────────────────────────
    // Each action the fuzzer calls counts one attempt and runs its `_do` function. When the state offers the
    // action nothing to do (no order to accept, funding still open, a pause in the way...) it usually falls back
    // on the step that leads there, so that random sequences reach deep states; now and then it probes a call the
    // model says must fail instead.

    modifier act(Action action) {
        _counting = true;
        ++attempts[uint256(action)];
        uint256 before = _successCount;
        _;
        if (_successCount != before) ++productiveAttempts;
        _afterAction();
        _counting = false;
    }

    function pledgeETH(uint256 donorSeed, uint256 amountSeed) external act(Action.PledgeETH) {
        _doPledgeETH(donorSeed, amountSeed);
    }

    function pledge(uint256 donorSeed, uint256 tokenSeed, uint256 amountSeed) external act(Action.Pledge) {
        _doPledge(donorSeed, tokenSeed, amountSeed);
    }

    function cancelPledge(uint256 donorSeed, uint256 tokenSeed) external act(Action.CancelPledge) {
        _doCancelPledge(donorSeed, tokenSeed);
    }

    function claimRefund(uint256 donorSeed, uint256 tokenSeed) external act(Action.ClaimRefund) {
        _doClaimRefund(donorSeed, tokenSeed);
    }

    function closeFunding(uint256 seed) external act(Action.CloseFunding) {
        _doCloseFunding(seed);
    }

    function createOrder(
        uint256 supplierSeed,
        uint256 tokenSeed,
        uint256 amountSeed,
        uint256 unitsSeed,
        uint256 deliverBySeed,
        uint256 advanceSeed
    ) external act(Action.CreateOrder) {
        _doCreateOrder([supplierSeed, tokenSeed, amountSeed, unitsSeed, deliverBySeed, advanceSeed]);
    }

    function cancelOrder(uint256 orderSeed) external act(Action.CancelOrder) {
        _doCancelOrder(orderSeed);
    }

    function close(uint256 callerSeed) external act(Action.Close) {
        _doClose(callerSeed);
    }

    function acceptOrder(uint256 orderSeed) external act(Action.AcceptOrder) {
        _doAcceptOrder(orderSeed);
    }

    function markShipped(uint256 orderSeed) external act(Action.MarkShipped) {
        _doMarkShipped(orderSeed);
    }

    function withdraw(uint256 supplierSeed, uint256 tokenSeed) external act(Action.Withdraw) {
        _doWithdraw(supplierSeed, tokenSeed);
    }

    function confirmDelivery(
        uint256 orderSeed,
        uint256 verifierSeed,
        uint256 unitsSeed
    ) external act(Action.ConfirmDelivery) {
        _doConfirmDelivery(orderSeed, verifierSeed, unitsSeed);
    }

    function confirmDeliveryBySig(
        uint256 orderSeed,
        uint256 unitsSeed,
        uint256 subsetSeed
    ) external act(Action.ConfirmDeliveryBySig) {
        _doConfirmDeliveryBySig(orderSeed, unitsSeed, subsetSeed);
    }

    function releasePayment(uint256 orderSeed, uint256 callerSeed) external act(Action.ReleasePayment) {
        _doReleasePayment(orderSeed, callerSeed);
    }

    function warp(uint256 seed) external act(Action.Warp) {
        _doWarp(seed);
    }

    function togglePause(uint256 seed) external act(Action.TogglePause) {
        _doTogglePause(seed);
    }

    function toggleSupplier(uint256 seed) external act(Action.ToggleSupplier) {
        _doToggleSupplier(_suppliers[seed % _suppliers.length]);
    }

    function forceETH(uint256 amountSeed) external act(Action.ForceETH) {
        _current = Action.ForceETH;
        uint256 amount = bound(amountSeed, 1, 2 ether);
        VM.deal(address(this), amount);
        forcer.forceSend{value: amount}(payable(address(campaign)));
        ghostInflow[ETH] += amount;
        ghostUnsolicited[ETH] += amount;
        _ok();
    }

    function donateToken(uint256 tokenSeed, uint256 amountSeed) external act(Action.DonateToken) {
        _current = Action.DonateToken;
        address token = _tokens[1 + (tokenSeed % 2)];
        uint256 amount = bound(amountSeed, 1, 1_000e6);
        _mint(token, address(campaign), amount);
        ghostInflow[token] += amount;
        ghostUnsolicited[token] += amount;
        _ok();
    }

    // ───────────────────────────── action bodies: donors ─────────────────────────────

    function _doPledgeETH(uint256 donorSeed, uint256 amountSeed) private {
        _current = Action.PledgeETH;
        address donor = _donors[donorSeed % _donors.length];
        uint256 amount = bound(amountSeed, 1e9, 5 ether);
        bool funding = campaign.status() == ICampaign.Status.Funding;
        bool expected = funding && !registry.paused();
        if (!expected && !_probe(donorSeed)) {
            if (funding) _unpauseInstead(amountSeed);
            return;
        }
        uint256 usd = expected ? registry.usdValue(ETH, amount) : 0;
        VM.deal(donor, amount);
        uint256 before = address(campaign).balance;
        VM.prank(donor);
        try campaign.pledgeETH{value: amount}() {
            _afterPledge(expected, ETH, donor, amount, usd, address(campaign).balance - before);
        } catch (bytes memory reason) {
            _onRevert(expected, "pledgeETH", reason);
        }
    }

    function _doPledge(uint256 donorSeed, uint256 tokenSeed, uint256 amountSeed) private {
        _current = Action.Pledge;
        address token = _tokens[1 + (tokenSeed % 2)];
        uint256 amount = token == address(usdc) ? bound(amountSeed, 1, 20_000e6) : bound(amountSeed, 1, 0.5e8);
        bool funding = campaign.status() == ICampaign.Status.Funding;
        bool expected = funding && !registry.paused();
        if (!expected && !_probe(donorSeed)) {
            if (funding) _unpauseInstead(amountSeed);
            return;
        }
        _pledge(expected, donorSeed % _donors.length, token, amount, (tokenSeed >> 8) % 2 == 0);
    }

    function _doCancelPledge(uint256 donorSeed, uint256 tokenSeed) private {
        _current = Action.CancelPledge;
        (bool found, address donor, address token) = _findStanding(donorSeed, tokenSeed);
        bool funding = campaign.status() == ICampaign.Status.Funding;
        if (!found) {
            if (funding) _doPledge(donorSeed, tokenSeed, _derive(donorSeed, 1));
            return;
        }
        if (!funding && !_probe(donorSeed)) return;
        _cancelPledge(funding, donor, token);
    }

    function _doClaimRefund(uint256 donorSeed, uint256 tokenSeed) private {
        _current = Action.ClaimRefund;
        (bool found, address donor, address token) = _findRefundable(donorSeed, tokenSeed);
        if (found) return _claimRefund(donor, token, (donorSeed >> 8) % 2 == 0);
        if (!_probe(donorSeed)) {
            // Refunds come after failure or close: time makes an appeal fail, and past the procurement deadline
            // anyone may close.
            ICampaign.Status status = campaign.status();
            if (status == ICampaign.Status.Funding) _doWarp(donorSeed);
            else if (block.timestamp >= procurementDeadline) _doClose(donorSeed);
            return;
        }
        // Nothing is owed to this donor: the claim must fail.
        donor = _donors[donorSeed % _donors.length];
        token = _tokens[tokenSeed % 3];
        VM.prank(donor);
        try campaign.claimRefund(token) {
            _violation("claimRefund paid a donor owed nothing");
        } catch {
            _expectedRevert();
        }
    }

    // ───────────────────────────── action bodies: organizer ─────────────────────────────

    function _doCloseFunding(uint256 seed) private {
        _current = Action.CloseFunding;
        bool funding = campaign.status() == ICampaign.Status.Funding;
        bool expected = funding && _ghostRaisedUsd() >= goalUsd;
        if (!expected && !_probe(seed)) {
            // Below the goal: more pledges lead there.
            if (funding) _doPledge(seed, _derive(seed, 1), _derive(seed, 2));
            return;
        }
        VM.prank(organizer);
        try campaign.closeFunding() {
            if (!expected) return _violation("closeFunding succeeded below the goal or outside funding");
            if (campaign.status() != ICampaign.Status.Procurement) _violation("closeFunding: not in procurement");
            _ok();
        } catch (bytes memory reason) {
            _onRevert(expected, "closeFunding", reason);
        }
    }

    /// @dev seeds: supplier, token, amount, units, deliver-by, advance.
    function _doCreateOrder(uint256[6] memory seeds) private {
        _current = Action.CreateOrder;
        ICampaign.Status status = campaign.status();
        if (status == ICampaign.Status.Funding && !_probe(seeds[0])) {
            // Orders come after funding: close it when the goal is met, pledge towards it otherwise.
            if (_ghostRaisedUsd() >= goalUsd) _doCloseFunding(seeds[0]);
            else _doPledge(seeds[0], seeds[1], seeds[2]);
            return;
        }
        GhostOrder memory o;
        o.supplier = _suppliers[seeds[0] % _suppliers.length];
        uint256 available;
        (o.token, available) = _tokenWithAvailable(seeds[1]);
        o.amount =
            available == 0
                ? 1
                : (seeds[2] % 3 == 0 ? available : bound(seeds[2], 1, available / 2 == 0 ? 1 : available / 2));
        o.units = seeds[3] % 4 == 0 ? bound(seeds[3], 1, MAX_ORDER_UNITS) : bound(seeds[3], 1, 1_000);
        uint256 latest = procurementDeadline - gracePeriod;
        uint256 soonest = block.timestamp + 1;
        uint256 horizon = soonest + 10 days < latest ? soonest + 10 days : latest;
        o.deliverBy = soonest <= horizon ? bound(seeds[4], soonest, horizon) : soonest;
        o.advanceBps = seeds[5] % 4 == 0 ? maxAdvanceBps : bound(seeds[5], 0, maxAdvanceBps);
        bool expected =
            status == ICampaign.Status.Procurement &&
                block.timestamp < procurementDeadline &&
                !registry.paused() &&
                registry.isVettedSupplier(o.supplier) &&
                available >= o.amount &&
                _orders.length < campaign.MAX_ORDERS() &&
                soonest <= latest;
        if (!expected && !_probe(seeds[2])) {
            if (status == ICampaign.Status.Procurement && !_unpauseInstead(seeds[5])) {
                if (!registry.isVettedSupplier(o.supplier) && seeds[4] % 2 == 0) _doToggleSupplier(o.supplier);
            }
            return;
        }
        _createOrder(expected, o);
    }

    function _doCancelOrder(uint256 orderSeed) private {
        _current = Action.CancelOrder;
        (bool found, uint256 id) = _findOrder(orderSeed, true, true);
        if (!found) return _doCreateOrder(_deriveSix(orderSeed));
        GhostOrder storage o = _orders[id];
        uint256 cancellableAt = o.deliverBy + gracePeriod;
        bool expected =
            o.status == ICampaign.OrderStatus.Placed ||
                !registry.isVettedSupplier(o.supplier) ||
                block.timestamp >= cancellableAt;
        if (!expected && !_probe(orderSeed)) {
            // An accepted order becomes cancellable once its deliver-by date and the grace period have passed.
            if (orderSeed % 2 == 0 || cancellableAt >= procurementDeadline) return;
            VM.warp(cancellableAt);
            _refreshFeeds();
            expected = true;
        }
        uint256 reservedBefore = campaign.ledger(o.token).reserved;
        VM.prank(organizer);
        try campaign.cancelOrder(id) {
            if (!expected) return _violation("cancelOrder cancelled an order that is not cancellable yet");
            _markCancelled(id);
            uint256 released = reservedBefore - campaign.ledger(o.token).reserved;
            if (released != o.amount - o.paid) _violation("cancelOrder released other than the unpaid part");
            _ok();
        } catch (bytes memory reason) {
            _onRevert(expected, "cancelOrder", reason);
        }
    }

    function _doClose(uint256 callerSeed) private {
        _current = Action.Close;
        ICampaign.Status status = campaign.status();
        bool early = block.timestamp < procurementDeadline;
        address caller = early ? organizer : _donors[callerSeed % _donors.length];
        bool expected = status == ICampaign.Status.Procurement && (!early || _openOrders() == 0);
        // Closing early ends procurement: let orders happen first most of the time.
        if (expected && early && _orders.length == 0 && callerSeed % 8 != 0) {
            return _doCreateOrder(_deriveSix(callerSeed));
        }
        if (!expected && !_probe(callerSeed)) {
            if (status == ICampaign.Status.Funding) {
                _doCloseFunding(callerSeed);
            } else if (status == ICampaign.Status.Procurement) {
                // Orders are still open: delivering them lets the organizer close.
                _doConfirmDelivery(callerSeed, callerSeed >> 8, callerSeed >> 16);
            }
            return;
        }
        _close(expected, caller);
    }

    // ───────────────────────────── action bodies: suppliers ─────────────────────────────

    function _doAcceptOrder(uint256 orderSeed) private {
        _current = Action.AcceptOrder;
        (bool found, uint256 id) = _findOrder(orderSeed, true, false);
        if (!found) return _doCreateOrder(_deriveSix(orderSeed));
        GhostOrder storage o = _orders[id];
        bool vetted = registry.isVettedSupplier(o.supplier);
        // An order can be accepted until its deliver-by date (no advance for an order that could only be late).
        bool overdue = block.timestamp > o.deliverBy;
        bool expected = block.timestamp < procurementDeadline && !overdue && !registry.paused() && vetted;
        if (!expected && !_probe(orderSeed)) {
            if (overdue) {
                // The organizer cancels an order nobody accepted in time.
                _doCancelOrder(orderSeed);
            } else if (!_unpauseInstead(orderSeed >> 1) && !vetted && (orderSeed >> 2) % 2 == 0) {
                _doToggleSupplier(o.supplier);
            }
            return;
        }
        uint256 withdrawableBefore = campaign.withdrawable(o.supplier, o.token);
        VM.prank(o.supplier);
        try campaign.acceptOrder(id) {
            if (!expected) return _violation("acceptOrder succeeded while paused, late or unvetted");
            uint256 advance = (o.amount * o.advanceBps) / BPS;
            o.status = ICampaign.OrderStatus.Accepted;
            _credit(id, advance);
            if (campaign.withdrawable(o.supplier, o.token) - withdrawableBefore != advance) {
                _violation("acceptOrder: advance credited differs");
            }
            _ok();
        } catch (bytes memory reason) {
            _onRevert(expected, "acceptOrder", reason);
        }
    }

    function _doMarkShipped(uint256 orderSeed) private {
        _current = Action.MarkShipped;
        (bool found, uint256 id) = _findOrder(orderSeed, false, true);
        if (!found) return _doAcceptOrder(orderSeed);
        GhostOrder storage o = _orders[id];
        VM.prank(o.supplier);
        try campaign.markShipped(id, string.concat("ipfs://bill-of-lading-", Strings.toString(orderSeed % 1000))) {
            o.status = ICampaign.OrderStatus.Shipped;
            _ok();
        } catch (bytes memory reason) {
            _onRevert(true, "markShipped", reason);
        }
    }

    function _doWithdraw(uint256 supplierSeed, uint256 tokenSeed) private {
        _current = Action.Withdraw;
        for (uint256 i; i < _suppliers.length * 3; ++i) {
            address supplier = _suppliers[((supplierSeed % _suppliers.length) + i) % _suppliers.length];
            address token = _tokens[((tokenSeed % 3) + i / _suppliers.length) % 3];
            if (ghostCredited[token][supplier] > ghostWithdrawnBy[token][supplier]) {
                return _withdraw(supplier, token, (supplierSeed >> 8) % 2 == 0);
            }
        }
        // Nothing earned yet: deliveries earn.
        _doConfirmDelivery(supplierSeed, tokenSeed, _derive(supplierSeed, 1));
    }

    // ───────────────────────────── action bodies: verifiers ─────────────────────────────

    function _doConfirmDelivery(uint256 orderSeed, uint256 verifierSeed, uint256 unitsSeed) private {
        _current = Action.ConfirmDelivery;
        (bool found, uint256 id) = _findOrder(orderSeed, false, true);
        if (!found) return _doAcceptOrder(orderSeed);
        uint256 units = _orders[id].units;
        uint256 n = _verifiers.length;
        for (uint256 j; j < n; ++j) {
            uint256 i = ((verifierSeed % n) + j) % n;
            uint256 current = _confirmed[id][i];
            if (current == units) continue;
            if (current != 0 && _probe(unitsSeed)) return _replayConfirmation(id, i, current);
            return _confirm(id, i, _nextUnits(current, units, unitsSeed));
        }
        // Everything is confirmed but not paid: the supplier must be suspended; releasing will catch up.
        _doReleasePayment(orderSeed, verifierSeed);
    }

    function _doConfirmDeliveryBySig(uint256 orderSeed, uint256 unitsSeed, uint256 subsetSeed) private {
        _current = Action.ConfirmDeliveryBySig;
        (bool found, uint256 id) = _findOrder(orderSeed, false, true);
        if (!found) return _doAcceptOrder(orderSeed);
        uint256 target = _nextUnits(_lowestConfirmation(id), _orders[id].units, unitsSeed);
        (uint256[] memory chosen, uint256 count) = _signersBelow(id, target, subsetSeed);
        if (count < threshold) return _doReleasePayment(orderSeed, subsetSeed);
        if (_probe(subsetSeed)) count = threshold - 1; // maybe too few signatures: the model decides
        _confirmBySig(id, target, chosen, count, _donors[subsetSeed % _donors.length]);
    }

    function _doReleasePayment(uint256 orderSeed, uint256 callerSeed) private {
        _current = Action.ReleasePayment;
        (bool found, uint256 id) = _findOrderWithPaymentDue(orderSeed);
        if (!found) {
            (found, id) = _findOrder(orderSeed, false, true);
            if (!found) return _doAcceptOrder(orderSeed);
            address supplier = _orders[id].supplier;
            if (callerSeed % 2 == 0 && registry.isVettedSupplier(supplier) && !registry.paused() && _deliveriesOpen()) {
                // Payments are held back only while a supplier is suspended: suspend it, then confirm.
                _doToggleSupplier(supplier);
                return _doConfirmDelivery(orderSeed, callerSeed, _derive(callerSeed, 1));
            }
        }
        GhostOrder storage o = _orders[id];
        uint256 due = (o.amount * ghostVerified(id)) / o.units;
        if (due > o.paid && !registry.isVettedSupplier(o.supplier) && (callerSeed >> 1) % 2 == 0) {
            // Payments held back by a suspension: the vetter reinstates the supplier, then anyone releases.
            _doToggleSupplier(o.supplier);
            _current = Action.ReleasePayment;
        }
        bool expected =
            _deliveriesOpen() && !registry.paused() && registry.isVettedSupplier(o.supplier) && due > o.paid;
        if (!expected && !_probe(callerSeed)) {
            if (!_deliveriesOpen()) {
                // Payments stop at the procurement deadline: what is left unpaid goes back with the close.
                _doClose(callerSeed);
            } else if (due <= o.paid) {
                // Nothing due yet: confirmations make it due (never back to here: confirmation falls back to
                // releasing only when every verifier confirmed everything, and then something is due).
                if (ghostVerified(id) < o.units) _doConfirmDelivery(orderSeed, callerSeed, _derive(callerSeed, 1));
            } else {
                _unpauseInstead(callerSeed);
            }
            return;
        }
        uint256 withdrawableBefore = campaign.withdrawable(o.supplier, o.token);
        VM.prank(_donors[callerSeed % _donors.length]);
        try campaign.releasePayment(id) {
            if (!expected) return _violation("releasePayment paid while paused, late, suspended or nothing due");
            uint256 paidBefore = o.paid;
            _credit(id, due - paidBefore);
            if (campaign.withdrawable(o.supplier, o.token) - withdrawableBefore != due - paidBefore) {
                _violation("releasePayment: credited differs from amount * verified / units - paid");
            }
            if (ghostVerified(id) == o.units && o.paid == o.amount) o.status = ICampaign.OrderStatus.Completed;
            if (campaign.order(id).status != o.status) _violation("releasePayment: order status differs");
            _ok();
        } catch (bytes memory reason) {
            _onRevert(expected, "releasePayment", reason);
        }
    }

    // ───────────────────────────── action bodies: environment ─────────────────────────────

    function _doWarp(uint256 seed) private {
        _current = Action.Warp;
        uint256 target;
        if (seed % 3 == 0) target = _nextBoundary();
        if (target == 0) target = block.timestamp + bound(seed >> 2, 1 minutes, 3 days);
        VM.warp(target);
        _refreshFeeds();
        _ok();
    }

    function _doTogglePause(uint256 seed) private {
        _current = Action.TogglePause;
        bool paused = registry.paused();
        // Unpause always, pause a third of the time: the deployment is paused for a small part of a run.
        if (!paused && seed % 3 != 0) return;
        VM.prank(pauser);
        if (paused) registry.unpause();
        else registry.pause();
        if (registry.paused() == paused) return _violation("togglePause did not toggle");
        _ok();
    }

    function _doToggleSupplier(address supplier) private {
        _current = Action.ToggleSupplier;
        bool active = registry.isVettedSupplier(supplier);
        VM.prank(vetter);
        if (active) registry.suspendSupplier(supplier, "certificate under review");
        else registry.reinstateSupplier(supplier);
        if (registry.isVettedSupplier(supplier) == active) return _violation("toggleSupplier did not toggle");
        _ok();
    }

    /// @dev Half of the time an action blocked by the pause makes way for the pauser lifting it.
    function _unpauseInstead(uint256 seed) private returns (bool) {
        if (!registry.paused() || seed % 2 == 0) return false;
        _doTogglePause(0);
        return true;
    }

    // ───────────────────────────── end of a run ─────────────────────────────

    /// @notice Takes the campaign to its end and lets everyone take what it is owed: unpause, pass the
    /// procurement deadline, close (anyone may), then every donor claims and every supplier withdraws, through the
    /// same checked paths as the actions. Called by the test's `afterInvariant`.
    function finish() external {
        if (registry.paused()) {
            VM.prank(pauser);
            registry.unpause();
        }
        if (block.timestamp <= procurementDeadline) VM.warp(procurementDeadline + 1);
        _refreshFeeds();
        if (campaign.status() == ICampaign.Status.Procurement) _close(true, _donors[0]);
        for (uint256 d; d < _donors.length; ++d) {
            for (uint256 t; t < 3; ++t) {
                if (_modelRefundable(_donors[d], _tokens[t]) != 0) _claimRefund(_donors[d], _tokens[t], t % 2 == 0);
            }
        }
        for (uint256 s; s < _suppliers.length; ++s) {
            for (uint256 t; t < 3; ++t) {
                address token = _tokens[t];
                if (ghostCredited[token][_suppliers[s]] > ghostWithdrawnBy[token][_suppliers[s]]) {
                    _withdraw(_suppliers[s], token, false);
                }
            }
        }
        _afterAction();
    }

    // ───────────────────────────── internal: calls and checks ─────────────────────────────

    function _pledge(bool expected, uint256 donorIndex, address token, uint256 amount, bool usePermit) private {
        uint256 usd = expected ? registry.usdValue(token, amount) : 0;
        _mint(token, _donors[donorIndex], amount);
        uint256 before = _balance(token, address(campaign));
        (bool ok, bytes memory reason) = _pledgeToken(donorIndex, token, amount, usePermit);
        if (!ok) return _onRevert(expected, "pledge", reason);
        _afterPledge(expected, token, _donors[donorIndex], amount, usd, _balance(token, address(campaign)) - before);
    }

    function _pledgeToken(
        uint256 donorIndex,
        address token,
        uint256 amount,
        bool usePermit
    ) private returns (bool ok, bytes memory reason) {
        address donor = _donors[donorIndex];
        if (usePermit && token == address(usdc)) {
            uint256 permitDeadline = block.timestamp + 1 hours;
            bytes32 structHash = keccak256(
                abi.encode(PERMIT_TYPEHASH, donor, address(campaign), amount, usdc.nonces(donor), permitDeadline)
            );
            bytes32 digest = keccak256(abi.encodePacked("\x19\x01", usdc.DOMAIN_SEPARATOR(), structHash));
            (uint8 v, bytes32 r, bytes32 s) = VM.sign(_donorKeys[donorIndex], digest);
            VM.prank(donor);
            try campaign.pledgeWithPermit(token, amount, permitDeadline, v, r, s) {
                ok = true;
            } catch (bytes memory e) {
                reason = e;
            }
            return (ok, reason);
        }
        VM.prank(donor);
        IERC20(token).approve(address(campaign), amount);
        VM.prank(donor);
        try campaign.pledge(token, amount) {
            ok = true;
        } catch (bytes memory e) {
            reason = e;
        }
    }

    function _afterPledge(
        bool expected,
        address token,
        address donor,
        uint256 amount,
        uint256 usd,
        uint256 received
    ) private {
        if (!expected) return _violation("a pledge succeeded while funding was over or the deployment paused");
        if (received != amount) _violation("pledge: the campaign received other than the amount");
        ghostPledged[token][donor] += amount;
        ghostStanding[token][donor] += amount;
        ghostStandingUsd[token][donor] += usd;
        ghostTotalPledged[token] += amount;
        ghostTotalPledgedUsd[token] += usd;
        ghostInflow[token] += received;
        _ok();
    }

    function _cancelPledge(bool expected, address donor, address token) private {
        uint256 standing = ghostStanding[token][donor];
        (uint256 campaignBefore, uint256 donorBefore) = (_balance(token, address(campaign)), _balance(token, donor));
        VM.prank(donor);
        try campaign.cancelPledge(token) {
            if (!expected) return _violation("cancelPledge succeeded after funding");
            _recordOutflow(token, donor, standing, campaignBefore, donorBefore);
            ghostReturned[token][donor] += standing;
            ghostTotalCancelled[token] += standing;
            ghostTotalPledgedUsd[token] -= ghostStandingUsd[token][donor];
            ghostStanding[token][donor] = 0;
            ghostStandingUsd[token][donor] = 0;
            _ok();
        } catch (bytes memory reason) {
            // Cancelling is never stopped by a pause: a revert during funding is a violation.
            _onRevert(expected, "cancelPledge", reason);
        }
    }

    function _claimRefund(address donor, address token, bool useTo) private {
        uint256 amount = _modelRefundable(donor, token);
        if (campaign.refundable(donor, token) != amount) _violation("refundable differs from the model");
        (uint256 campaignBefore, uint256 donorBefore) = (_balance(token, address(campaign)), _balance(token, donor));
        VM.prank(donor);
        bool ok;
        bytes memory reason;
        if (useTo) {
            try campaign.claimRefundTo(token, donor) {
                ok = true;
            } catch (bytes memory e) {
                reason = e;
            }
        } else {
            try campaign.claimRefund(token) {
                ok = true;
            } catch (bytes memory e) {
                reason = e;
            }
        }
        if (!ok) return _onRevert(true, "claimRefund", reason);
        _recordOutflow(token, donor, amount, campaignBefore, donorBefore);
        ghostReturned[token][donor] += amount;
        ghostTotalRefunded[token] += amount;
        ghostStanding[token][donor] = 0;
        ghostStandingUsd[token][donor] = 0;
        if (campaign.refundable(donor, token) != 0) _violation("a refund can be claimed twice");
        _ok();
    }

    function _createOrder(bool expected, GhostOrder memory o) private {
        uint256 reservedBefore = campaign.ledger(o.token).reserved;
        VM.prank(organizer);
        try
            campaign.createOrder(
                o.supplier,
                o.token,
                o.amount,
                uint64(o.units),
                uint40(o.deliverBy),
                uint16(o.advanceBps),
                keccak256(abi.encode("terms", _orders.length))
            )
        returns (uint256 id) {
            if (!expected) return _violation("createOrder succeeded while it should not");
            if (id != _orders.length) _violation("createOrder: unexpected order id");
            if (campaign.ledger(o.token).reserved - reservedBefore != o.amount) {
                _violation("createOrder: reserved other than the amount");
            }
            o.status = ICampaign.OrderStatus.Placed;
            _orders.push(o);
            ghostOrdered[o.token][o.supplier] += o.amount;
            _ok();
        } catch (bytes memory reason) {
            _onRevert(expected, "createOrder", reason);
        }
    }

    function _confirm(uint256 id, uint256 verifierIndex, uint256 units) private {
        bool expected = _deliveriesOpen() && !registry.paused();
        if (!expected && !_probe(units)) {
            if (_deliveriesOpen()) _unpauseInstead(units >> 1);
            else _doClose(units);
            return;
        }
        GhostOrder storage o = _orders[id];
        uint256 withdrawableBefore = campaign.withdrawable(o.supplier, o.token);
        VM.prank(_verifiers[verifierIndex]);
        try campaign.confirmDelivery(id, uint64(units), keccak256(abi.encode("evidence", id, units))) {
            if (!expected) return _violation("confirmDelivery succeeded while paused or after procurement");
            _confirmed[id][verifierIndex] = units;
            _afterConfirmation(id, withdrawableBefore);
        } catch (bytes memory reason) {
            _onRevert(expected, "confirmDelivery", reason);
        }
    }

    /// @dev A verifier repeating its own confirmation must be refused (no replays, no decreases).
    function _replayConfirmation(uint256 id, uint256 verifierIndex, uint256 current) private {
        VM.prank(_verifiers[verifierIndex]);
        try campaign.confirmDelivery(id, uint64(current), keccak256("replay")) {
            _violation("a verifier confirmed the same quantity twice");
        } catch {
            _expectedRevert();
        }
    }

    function _confirmBySig(uint256 id, uint256 target, uint256[] memory chosen, uint256 count, address sender) private {
        // The signatures must complete the threshold with the confirmations already made (the chosen signers
        // are all below `target`; the others count when they already confirmed at least `target`).
        uint256 agreeing = count;
        for (uint256 i; i < _verifiers.length; ++i) {
            if (_confirmed[id][i] >= target) ++agreeing;
        }
        bool enough = count > 0 && agreeing >= threshold;
        bool expected = _deliveriesOpen() && !registry.paused() && enough;
        if (!expected && enough && !_probe(target)) {
            if (_deliveriesOpen()) _unpauseInstead(target >> 1);
            else _doClose(target);
            return;
        }
        bytes32 evidence = keccak256(abi.encode("signed evidence", id, target));
        bytes[] memory signatures = _sign(id, target, evidence, chosen, count);
        GhostOrder storage o = _orders[id];
        uint256 withdrawableBefore = campaign.withdrawable(o.supplier, o.token);
        VM.prank(sender);
        try campaign.confirmDeliveryBySig(id, uint64(target), evidence, signatures) {
            if (!expected) {
                return _violation("confirmDeliveryBySig succeeded while paused, late or under the threshold");
            }
            for (uint256 j; j < count; ++j) _confirmed[id][chosen[j]] = target;
            _afterConfirmation(id, withdrawableBefore);
            // Used signatures stay used: replaying the batch must fail.
            VM.prank(sender);
            try campaign.confirmDeliveryBySig(id, uint64(target), evidence, signatures) {
                _violation("a signed confirmation was replayed");
            } catch {}
        } catch (bytes memory reason) {
            _onRevert(expected, "confirmDeliveryBySig", reason);
        }
    }

    function _sign(
        uint256 id,
        uint256 target,
        bytes32 evidence,
        uint256[] memory chosen,
        uint256 count
    ) private view returns (bytes[] memory signatures) {
        // Signed from the specification, not from the campaign's own view of it.
        bytes32 digest = ConfirmationDigest.compute(address(campaign), id, uint64(target), evidence);
        signatures = new bytes[](count);
        for (uint256 j; j < count; ++j) {
            (uint8 v, bytes32 r, bytes32 s) = VM.sign(_verifierKeys[chosen[j]], digest);
            signatures[j] = abi.encodePacked(r, s, v);
        }
    }

    /// @dev After a successful confirmation: the campaign's verified units are the model's, the supplier was paid
    /// max(paid, amount * verified / units) if vetted and nothing otherwise, and the order completed iff all
    /// units are verified and paid.
    function _afterConfirmation(uint256 id, uint256 withdrawableBefore) private {
        GhostOrder storage o = _orders[id];
        ICampaign.Order memory actual = campaign.order(id);
        uint256 verified = ghostVerified(id);
        if (actual.unitsVerified != verified) _violation("unitsVerified is not the threshold-th highest confirmation");
        uint256 due = (o.amount * verified) / o.units;
        uint256 payment = registry.isVettedSupplier(o.supplier) && due > o.paid ? due - o.paid : 0;
        if (campaign.withdrawable(o.supplier, o.token) - withdrawableBefore != payment) {
            _violation("confirmation: payment differs from amount * verified / units - paid");
        }
        _credit(id, payment);
        if (verified == o.units && o.paid == o.amount) o.status = ICampaign.OrderStatus.Completed;
        if (actual.status != o.status) _violation("confirmation: order status differs from the model");
        _ok();
    }

    function _close(bool expected, address caller) private {
        uint256 openBefore = campaign.openOrderCount();
        VM.prank(caller);
        try campaign.close() {
            if (!expected) return _violation("close succeeded while it should not");
            if (openBefore != 0 && block.timestamp < procurementDeadline) _violation("closed with open orders");
            for (uint256 id; id < _orders.length; ++id) {
                ICampaign.OrderStatus s = _orders[id].status;
                if (
                    s == ICampaign.OrderStatus.Placed ||
                    s == ICampaign.OrderStatus.Accepted ||
                    s == ICampaign.OrderStatus.Shipped
                ) _markCancelled(id);
            }
            for (uint256 t; t < 3; ++t) {
                address token = _tokens[t];
                // Nothing stays reserved: what is unspent is whatever was neither returned nor earned.
                uint256 unspent =
                    ghostTotalPledged[token] -
                        ghostTotalCancelled[token] -
                        ghostTotalRefunded[token] -
                        ghostTotalEarned[token];
                ghostUnspentAtClose[token] = unspent;
                ghostNetAtClose[token] = ghostTotalPledged[token] - ghostTotalCancelled[token];
                if (campaign.ledger(token).unspentAtClose != unspent) _violation("close: unspent differs from model");
            }
            _ok();
        } catch (bytes memory reason) {
            _onRevert(expected, "close", reason);
        }
    }

    function _withdraw(address supplier, address token, bool useTo) private {
        uint256 amount = ghostCredited[token][supplier] - ghostWithdrawnBy[token][supplier];
        if (campaign.withdrawable(supplier, token) != amount) _violation("withdrawable differs from the model");
        (uint256 campaignBefore, uint256 supplierBefore) = (
            _balance(token, address(campaign)),
            _balance(token, supplier)
        );
        VM.prank(supplier);
        bool ok;
        bytes memory reason;
        if (useTo) {
            try campaign.withdrawTo(token, supplier) {
                ok = true;
            } catch (bytes memory e) {
                reason = e;
            }
        } else {
            try campaign.withdraw(token) {
                ok = true;
            } catch (bytes memory e) {
                reason = e;
            }
        }
        // Withdrawing what was earned works while paused and while suspended.
        if (!ok) return _onRevert(true, "withdraw", reason);
        _recordOutflow(token, supplier, amount, campaignBefore, supplierBefore);
        ghostWithdrawnBy[token][supplier] += amount;
        ghostTotalWithdrawn[token] += amount;
        _ok();
    }

    /// @dev Checks that `amount` left the campaign and reached `recipient`, and books it.
    function _recordOutflow(
        address token,
        address recipient,
        uint256 amount,
        uint256 campaignBefore,
        uint256 recipientBefore
    ) private {
        uint256 left = campaignBefore - _balance(token, address(campaign));
        uint256 arrived = _balance(token, recipient) - recipientBefore;
        if (left != amount || arrived != amount) _violation("money out: campaign and recipient deltas differ");
        ghostSentTo[token][recipient] += left;
        ghostOutflow[token] += left;
    }

    function _credit(uint256 id, uint256 amount) private {
        if (amount == 0) return;
        GhostOrder storage o = _orders[id];
        o.paid += amount;
        ghostCredited[o.token][o.supplier] += amount;
        ghostTotalEarned[o.token] += amount;
    }

    function _markCancelled(uint256 id) private {
        _orders[id].status = ICampaign.OrderStatus.Cancelled;
    }

    /// @dev Status only moves forward, and neither Failed nor Closed is ever left.
    function _afterAction() private {
        ICampaign.Status status = campaign.status();
        ICampaign.Status last = lastStatus;
        if (uint8(status) < uint8(last)) _violation("status moved backwards");
        if (last == ICampaign.Status.Failed && status != ICampaign.Status.Failed) _violation("left Failed");
        if (last == ICampaign.Status.Closed && status != ICampaign.Status.Closed) _violation("left Closed");
        lastStatus = status;
    }

    function _ok() private {
        if (!_counting) return;
        ++successes[uint256(_current)];
        ++_successCount;
    }

    /// @dev A probe refused as the model says it must be: a productive attempt too.
    function _expectedRevert() private {
        if (!_counting) return;
        ++expectedReverts[uint256(_current)];
        ++_successCount;
    }

    function _onRevert(bool expected, string memory what, bytes memory reason) private {
        if (expected) return _violation(string.concat(what, " reverted unexpectedly with ", _selectorOf(reason)));
        _expectedRevert();
    }

    function _violation(string memory what) private {
        if (violationCount++ == 0) firstViolation = what;
    }

    // ───────────────────────────── internal: the model ─────────────────────────────

    /// @dev Deliveries are confirmed and paid until the procurement deadline; after it the campaign only closes.
    function _deliveriesOpen() private view returns (bool) {
        return block.timestamp < procurementDeadline;
    }

    function _pledgesOpen() private view returns (bool) {
        return campaign.status() == ICampaign.Status.Funding && !registry.paused();
    }

    function _ghostRaisedUsd() private view returns (uint256 raised) {
        for (uint256 t; t < 3; ++t) raised += ghostTotalPledgedUsd[_tokens[t]];
    }

    /// @dev Everything after failure; floor(unspent * pledge / net) after close; nothing otherwise.
    function _modelRefundable(address donor, address token) private view returns (uint256) {
        uint256 standing = ghostStanding[token][donor];
        if (standing == 0) return 0;
        ICampaign.Status status = campaign.status();
        if (status == ICampaign.Status.Failed) return standing;
        if (status != ICampaign.Status.Closed) return 0;
        // unspent <= net < 2^128 and standing < 2^128: the product fits.
        return (ghostUnspentAtClose[token] * standing) / ghostNetAtClose[token];
    }

    function _findStanding(uint256 donorSeed, uint256 tokenSeed) private view returns (bool, address, address) {
        uint256 n = _donors.length;
        for (uint256 i; i < n * 3; ++i) {
            address donor = _donors[((donorSeed % n) + i) % n];
            address token = _tokens[((tokenSeed % 3) + i / n) % 3];
            if (ghostStanding[token][donor] != 0) return (true, donor, token);
        }
        return (false, address(0), address(0));
    }

    function _findRefundable(uint256 donorSeed, uint256 tokenSeed) private view returns (bool, address, address) {
        uint256 n = _donors.length;
        for (uint256 i; i < n * 3; ++i) {
            address donor = _donors[((donorSeed % n) + i) % n];
            address token = _tokens[((tokenSeed % 3) + i / n) % 3];
            if (_modelRefundable(donor, token) != 0) return (true, donor, token);
        }
        return (false, address(0), address(0));
    }

    /// @dev The first order from `seed` on whose status is one of those asked for: placed, or accepted or shipped.
    function _findOrder(uint256 seed, bool placed, bool acceptedOrShipped) private view returns (bool, uint256) {
        uint256 count = _orders.length;
        for (uint256 i; i < count; ++i) {
            uint256 id = ((seed % count) + i) % count;
            ICampaign.OrderStatus s = _orders[id].status;
            if (placed && s == ICampaign.OrderStatus.Placed) return (true, id);
            if (acceptedOrShipped && (s == ICampaign.OrderStatus.Accepted || s == ICampaign.OrderStatus.Shipped))
                return (true, id);
        }
        return (false, 0);
    }

    /// @dev An accepted or shipped order whose verified units are worth more than it was paid (payments held back
    /// by a suspension).
    function _findOrderWithPaymentDue(uint256 seed) private view returns (bool, uint256) {
        uint256 count = _orders.length;
        for (uint256 i; i < count; ++i) {
            uint256 id = ((seed % count) + i) % count;
            GhostOrder storage o = _orders[id];
            if (o.status != ICampaign.OrderStatus.Accepted && o.status != ICampaign.OrderStatus.Shipped) continue;
            if ((o.amount * ghostVerified(id)) / o.units > o.paid) return (true, id);
        }
        return (false, 0);
    }

    function _tokenWithAvailable(uint256 seed) private view returns (address token, uint256 available) {
        for (uint256 i; i < 3; ++i) {
            token = _tokens[((seed % 3) + i) % 3];
            available = campaign.ledger(token).available;
            if (available != 0) return (token, available);
        }
    }

    /// @dev A strictly higher cumulative quantity: often everything, often one more, otherwise anything between.
    function _nextUnits(uint256 current, uint256 units, uint256 seed) private pure returns (uint256) {
        if (current >= units) return units;
        uint256 mode = seed % 4;
        if (mode == 0) return units;
        if (mode == 1) return current + 1;
        return bound(seed >> 2, current + 1, units);
    }

    function _openOrders() private view returns (uint256 open) {
        for (uint256 id; id < _orders.length; ++id) {
            ICampaign.OrderStatus s = _orders[id].status;
            if (
                s == ICampaign.OrderStatus.Placed ||
                s == ICampaign.OrderStatus.Accepted ||
                s == ICampaign.OrderStatus.Shipped
            ) ++open;
        }
    }

    function _lowestConfirmation(uint256 id) private view returns (uint256 lowest) {
        lowest = type(uint256).max;
        for (uint256 i; i < _verifiers.length; ++i) {
            if (_confirmed[id][i] < lowest) lowest = _confirmed[id][i];
        }
    }

    /// @dev Verifiers whose confirmation is below `target`, at least `threshold` of them when possible, the
    /// others kept at random.
    function _signersBelow(
        uint256 id,
        uint256 target,
        uint256 seed
    ) private view returns (uint256[] memory chosen, uint256 count) {
        uint256 n = _verifiers.length;
        chosen = new uint256[](n);
        for (uint256 j; j < n; ++j) {
            uint256 i = ((seed % n) + j) % n;
            if (_confirmed[id][i] < target && (count < threshold || (seed >> (8 + j)) % 2 == 0)) chosen[count++] = i;
        }
    }

    /// @dev The next interesting time: one second before or at the funding or procurement deadline, or when the
    /// earliest open order becomes cancellable; 0 when none is ahead.
    function _nextBoundary() private view returns (uint256 next) {
        uint256[5] memory candidates = [
            deadline - 1,
            deadline,
            procurementDeadline - 1,
            procurementDeadline,
            _earliestCancellable()
        ];
        for (uint256 i; i < candidates.length; ++i) {
            uint256 c = candidates[i];
            if (c > block.timestamp && (next == 0 || c < next)) next = c;
        }
    }

    function _earliestCancellable() private view returns (uint256 earliest) {
        for (uint256 id; id < _orders.length; ++id) {
            ICampaign.OrderStatus s = _orders[id].status;
            if (s != ICampaign.OrderStatus.Accepted && s != ICampaign.OrderStatus.Shipped) continue;
            uint256 at = _orders[id].deliverBy + gracePeriod;
            if (earliest == 0 || at < earliest) earliest = at;
        }
    }

    /// @dev About one time in six an action also tries a call the model says must fail.
    function _probe(uint256 seed) private pure returns (bool) {
        return uint256(keccak256(abi.encode(seed, "probe"))) % 6 == 0;
    }

    function _derive(uint256 seed, uint256 salt) private pure returns (uint256) {
        return uint256(keccak256(abi.encode(seed, salt)));
    }

    function _deriveSix(uint256 seed) private pure returns (uint256[6] memory seeds) {
        for (uint256 i; i < 6; ++i) seeds[i] = _derive(seed, i);
    }

    // ───────────────────────────── internal: plumbing ─────────────────────────────

    function _refreshFeeds() private {
        for (uint256 i; i < 3; ++i) {
            (, int256 answer, , , ) = _feeds[i].latestRoundData();
            _feeds[i].updateAnswer(answer);
        }
    }

    function _mint(address token, address to, uint256 amount) private {
        if (token == address(usdc)) usdc.mint(to, amount);
        else wbtc.mint(to, amount);
    }

    function _balance(address token, address account) private view returns (uint256) {
        return token == ETH ? account.balance : IERC20(token).balanceOf(account);
    }

    function _selectorOf(bytes memory reason) private pure returns (string memory) {
        if (reason.length < 4) return "no data";
        return Strings.toHexString(uint256(uint32(bytes4(reason))), 4);
    }
}
