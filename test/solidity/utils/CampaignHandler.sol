// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";

import {Campaign} from "../../../contracts/Campaign.sol";
import {Registry} from "../../../contracts/Registry.sol";
import {ICampaign} from "../../../contracts/interfaces/ICampaign.sol";
import {ICampaignProcurement} from "../../../contracts/interfaces/ICampaignProcurement.sol";
import {IRegistry} from "../../../contracts/interfaces/IRegistry.sol";
import {ForceSender} from "../../../contracts/mocks/ForceSender.sol";
import {MockUSDC} from "../../../contracts/mocks/MockUSDC.sol";
import {MockV3Aggregator} from "../../../contracts/mocks/MockV3Aggregator.sol";
import {MockWBTC} from "../../../contracts/mocks/MockWBTC.sol";

import {Assertions} from "./Assertions.sol";
import {CampaignModel} from "./CampaignModel.sol";
import {ConfirmationDigest} from "./ConfirmationDigest.sol";
import {VM} from "./Vm.sol";

/// @title CampaignHandler
/// @notice Drives one v2 campaign the way insiders would attack it, over ETH, a 6-decimal USDC (pledged with
/// `approve` or an EIP-2612 permit) and an 8-decimal WBTC priced by an 18-decimal feed.
///
/// The INSIDER is the organizer, one vetted supplier (`suppliers[0]`), the vetter and the pauser acting together
/// within their roles: the organizer pledges for itself, orders as much as the pool allows from its supplier with
/// the largest advance, cancels as soon as the rules let it and closes; the supplier accepts at once, withdraws
/// each token whenever it can, marks shipments that may carry nothing, and lets orders expire; the vetter suspends
/// and reinstates the supplier around cancellations and suspends honest verifiers; the pauser pauses whenever it
/// likes. The first `colluders` verifiers collude (they confirm, and sign, any quantity); the others are honest and
/// confirm only what was physically delivered (`CampaignModel.GhostOrder.delivered`). There are fewer colluders than the
/// threshold, so threshold-verified units never exceed delivered units. Honest donors pledge, cancel and claim in
/// every token; an honest supplier (`suppliers[1]`) delivers what it ships. Time warps across every deadline.
///
/// @dev The invariant fuzzer calls the actions with random seeds. Each action maps its seeds onto a call that the
/// handler's own model of the design says should succeed (or, now and then, one it says must fail: a "probe"),
/// makes the call, and compares the outcome and every unit of money that moved with the model. The model
/// (`CampaignModel`) is an independent re-implementation of the v2 rules from the specification (orders in USD reserving
/// `floor(net_t * amountUsd / raised)` of every token, advances within the campaign-wide cap, payment
/// `max(advance, floor(amount * unitsPaid / units))`, settlement on cancel and close, pro-rata refunds). The
/// handler never reverts: a disagreement is recorded as a violation that the invariant test reports. Money is
/// measured on balances around each call; what suppliers are credited is measured on `withdrawable` around each
/// action (the "observed" credit ghosts).
contract CampaignHandler is Assertions {
    // ───────────────────────────── types ─────────────────────────────

    enum Action {
        Pledge,
        CancelPledge,
        ClaimRefund,
        CloseFunding,
        CreateOrder,
        AcceptOrder,
        MarkShipped,
        ConfirmDelivery,
        ConfirmDeliveryBySig,
        CancelSignatures,
        CancelOrder,
        ReleasePayment,
        Close,
        Withdraw,
        ToggleSupplier,
        ToggleVerifier,
        TogglePause,
        Warp,
        InsiderRound,
        Unsolicited
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
        /// @dev Pledgers; a zero key means no permit (the organizer pledging for itself).
        address[] donors;
        uint256[] donorKeys;
        /// @dev `suppliers[0]` is the insider.
        address[] suppliers;
        uint256[] verifierKeys;
        /// @dev Verifiers `0 .. colluders - 1` collude with the insider; fewer than the threshold.
        uint256 colluders;
    }

    // ───────────────────────────── constants ─────────────────────────────

    uint256 public constant ACTION_COUNT = 20;
    address internal constant ETH = address(0);
    uint256 private constant BPS = 10_000;
    uint256 private constant MAX_ORDER_UNITS = type(uint40).max;
    uint256 private constant MAX_ORDERS = 100;
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
    address public immutable insider;

    CampaignModel public immutable model;
    uint256 public immutable deadline;
    uint256 public immutable procurementDeadline;
    uint256 public immutable gracePeriod;
    uint256 public immutable maxAdvanceBps;
    uint256 public immutable threshold;
    uint256 public immutable colluders;

    address[3] internal _tokens;
    MockV3Aggregator[3] internal _feeds;
    int256[3] internal _basePrices;
    address[] internal _donors;
    uint256[] internal _donorKeys;
    address[] internal _suppliers;
    address[] internal _verifiers;
    uint256[] internal _verifierKeys;

    /// @notice What was last observed, to check that it only moves forward.
    ICampaign.Status public lastStatus;
    uint8[] internal _seenOrderStatus;
    uint256[5] internal _seenNonces;

    // ───────────────────────────── bookkeeping ─────────────────────────────

    uint256[20] public attempts;
    uint256[20] public successes;
    uint256[20] public expectedReverts;
    /// @notice Attempts after which the campaign's state changed (or a probe was refused as it must be).
    uint256 public productiveAttempts;
    uint256 private _successCount;
    uint256 public violationCount;
    string public firstViolation;
    /// @notice A status, an order's status or a nonce observed going back (also counted as a violation).
    uint256 public regressionCount;
    string public firstRegression;
    Action private _current;
    bool private _counting;
    uint256[3] private _owedSnapshot;
    uint256[3] private _withdrawnSnapshot;

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
        insider = s.suppliers[0];
        colluders = s.colluders;
        _tokens = [ETH, address(s.usdc), address(s.wbtc)];
        _feeds = s.feeds;
        for (uint256 i; i < 3; ++i) {
            (, _basePrices[i], , , ) = s.feeds[i].latestRoundData();
        }
        _donors = s.donors;
        _donorKeys = s.donorKeys;
        _suppliers = s.suppliers;
        _verifierKeys = s.verifierKeys;

        ICampaign.Params memory p = s.campaign.params();
        model = new CampaignModel(s.registry, p);
        _verifiers = p.verifiers;
        deadline = p.deadline;
        procurementDeadline = p.procurementDeadline;
        gracePeriod = p.deliveryGracePeriod;
        maxAdvanceBps = p.maxAdvanceBps;
        threshold = p.threshold;
        require(s.colluders < p.threshold, "handler: colluders must stay below the threshold");
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

    function seenOrderStatus(uint256 orderId) external view returns (uint8) {
        return _seenOrderStatus[orderId];
    }

    function seenNonce(uint256 verifierIndex) external view returns (uint256) {
        return _seenNonces[verifierIndex];
    }

    function totalAttempts() public view returns (uint256 total) {
        for (uint256 i; i < ACTION_COUNT; ++i) total += attempts[i];
    }

    function totalSuccesses() public view returns (uint256 total) {
        for (uint256 i; i < ACTION_COUNT; ++i) total += successes[i];
    }

    // ───────────────────────────── actions ─────────────────────────────
    // Each action the fuzzer calls counts one attempt and runs its `_do` function. When the state offers the
    // action nothing to do it usually falls back on the step that leads there, so that random sequences reach deep
    // states; now and then it probes a call the model says must fail instead.

    modifier act(Action action) {
        _counting = true;
        ++attempts[uint256(action)];
        uint256 before = _successCount;
        _snapshotOwed();
        _;
        if (_successCount != before) ++productiveAttempts;
        _afterAction();
        _counting = false;
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
        uint256 amountSeed,
        uint256 unitsSeed,
        uint256 deliverBySeed,
        uint256 advanceSeed
    ) external act(Action.CreateOrder) {
        _doCreateOrder([supplierSeed, amountSeed, unitsSeed, deliverBySeed, advanceSeed]);
    }

    function acceptOrder(uint256 orderSeed) external act(Action.AcceptOrder) {
        _doAcceptOrder(orderSeed);
    }

    function markShipped(uint256 orderSeed, uint256 deliverSeed) external act(Action.MarkShipped) {
        _doMarkShipped(orderSeed, deliverSeed);
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

    function cancelSignatures(uint256 verifierSeed, uint256 orderSeed) external act(Action.CancelSignatures) {
        _doCancelSignatures(verifierSeed, orderSeed);
    }

    function cancelOrder(uint256 orderSeed) external act(Action.CancelOrder) {
        _doCancelOrder(orderSeed);
    }

    function releasePayment(uint256 orderSeed, uint256 callerSeed) external act(Action.ReleasePayment) {
        _doReleasePayment(orderSeed, callerSeed);
    }

    function close(uint256 callerSeed) external act(Action.Close) {
        _doClose(callerSeed);
    }

    function withdraw(uint256 supplierSeed, uint256 tokenSeed) external act(Action.Withdraw) {
        _doWithdraw(supplierSeed, tokenSeed);
    }

    function toggleSupplier(uint256 seed) external act(Action.ToggleSupplier) {
        // The vetter mostly plays with the insider supplier.
        _doToggleSupplier(seed % 4 == 0 ? _suppliers[1] : insider);
    }

    function toggleVerifier(uint256 seed) external act(Action.ToggleVerifier) {
        _doToggleVerifier(seed % _verifiers.length);
    }

    function togglePause(uint256 seed) external act(Action.TogglePause) {
        _doTogglePause(seed);
    }

    function warp(uint256 seed) external act(Action.Warp) {
        _doWarp(seed);
    }

    /// @notice The insiders' playbook in one step (the v1 drain loop): order as much as the pool allows from the
    /// insider supplier with the largest advance, accept, withdraw some tokens, maybe have a colluding verifier
    /// confirm everything, suspend, cancel at once, maybe reinstate.
    function insiderRound(uint256 seed, uint256 amountSeed) external act(Action.InsiderRound) {
        _doInsiderRound(seed, amountSeed);
    }

    function unsolicited(uint256 tokenSeed, uint256 amountSeed) external act(Action.Unsolicited) {
        _doUnsolicited(tokenSeed, amountSeed);
    }

    // ───────────────────────────── action bodies: donors ─────────────────────────────

    function _doPledge(uint256 donorSeed, uint256 tokenSeed, uint256 amountSeed) private {
        _current = Action.Pledge;
        uint256 t = tokenSeed % 3;
        uint256 d = donorSeed % _donors.length;
        uint256 amount = _pledgeAmount(t, amountSeed);
        bool funding = model.status() == ICampaign.Status.Funding;
        bool expected = funding && !registry.paused();
        if (!expected && !_probe(donorSeed)) {
            if (funding) _unpauseInstead(amountSeed);
            return;
        }
        _pledge(expected, d, t, amount, (tokenSeed >> 8) % 2 == 0);
    }

    /// @dev Sizes that matter: dust (1 base unit) now and then, otherwise up to a few thousand dollars.
    function _pledgeAmount(uint256 t, uint256 seed) private pure returns (uint256) {
        if (seed % 16 == 0) return 1;
        if (t == 0) return bound(seed, 1e9, 5 ether);
        if (t == 1) return bound(seed, 1, 20_000e6);
        return bound(seed, 1, 0.5e8);
    }

    function _doCancelPledge(uint256 donorSeed, uint256 tokenSeed) private {
        _current = Action.CancelPledge;
        (bool found, address donor, uint256 t) = _findStanding(donorSeed, tokenSeed);
        bool funding = model.status() == ICampaign.Status.Funding;
        if (!found) {
            if (funding) _doPledge(donorSeed, tokenSeed, _derive(donorSeed, 1));
            return;
        }
        if (!funding && !_probe(donorSeed)) return;
        _cancelPledge(funding, donor, t, (donorSeed >> 8) % 2 == 0);
    }

    function _doClaimRefund(uint256 donorSeed, uint256 tokenSeed) private {
        _current = Action.ClaimRefund;
        (bool found, address donor, uint256 t) = _findRefundable(donorSeed, tokenSeed);
        if (found) return _claimRefund(donor, t, (donorSeed >> 8) % 2 == 0);
        if (!_probe(donorSeed)) {
            // Refunds come after failure or close: time makes an appeal fail, and past the procurement deadline
            // anyone may close.
            ICampaign.Status status = model.status();
            if (status == ICampaign.Status.Funding) {
                // While funding, a donor may take its pledge back instead; or time runs out.
                if (donorSeed % 2 == 0) _doCancelPledge(donorSeed >> 1, tokenSeed);
                else _doWarp(donorSeed >> 1);
            } else if (status == ICampaign.Status.Procurement) {
                _doClose(donorSeed);
            }
            return;
        }
        // Nothing is owed to this donor: the claim must fail.
        donor = _donors[donorSeed % _donors.length];
        t = tokenSeed % 3;
        (bool ok, ) = _as(donor, abi.encodeCall(ICampaign.claimRefund, (_tokens[t])));
        if (ok) _violation("claimRefund paid a donor owed nothing");
        else _expectedRevert();
    }

    // ───────────────────────────── action bodies: organizer ─────────────────────────────

    function _doCloseFunding(uint256 seed) private {
        _current = Action.CloseFunding;
        bool funding = model.status() == ICampaign.Status.Funding;
        bool expected = funding && model.raisedUsd() >= model.goalUsd();
        if (!expected && !_probe(seed)) {
            // Below the goal: more pledges lead there (the organizer may pledge for itself).
            if (funding) _doPledge(seed, _derive(seed, 1), _derive(seed, 2));
            return;
        }
        (bool ok, bytes memory ret) = _as(organizer, abi.encodeCall(ICampaign.closeFunding, ()));
        if (!_outcome(expected, ok, ret, "closeFunding")) return;
        model.recordFundingClosed();
        _ok();
    }

    /// @dev seeds: supplier, amount, units, deliver-by, advance.
    function _doCreateOrder(uint256[5] memory seeds) private {
        _current = Action.CreateOrder;
        if (model.status() == ICampaign.Status.Funding && !_probe(seeds[0])) {
            // Orders come after funding: close it when the goal is met, otherwise pledge towards it (the organizer
            // may pledge for itself) or let time run out.
            if (model.raisedUsd() >= model.goalUsd()) _doCloseFunding(seeds[0]);
            else if (seeds[1] % 2 == 0) _doPledge(seeds[0], seeds[2], seeds[3]);
            else _doWarp(seeds[1]);
            return;
        }
        if (_probe(seeds[0] ^ 2)) return _orderFromVerifier(seeds[1]);
        CampaignModel.GhostOrder memory o;
        // The organizer orders mostly from its accomplice.
        o.supplier = seeds[0] % 4 == 0 ? _suppliers[1] : insider;
        uint256 unreserved = model.unreservedUsd();
        uint256 mode = seeds[1] % 8;
        if (mode < 3) o.amountUsd = unreserved;
        else if (mode == 7)
            o.amountUsd = unreserved + 1 + ((seeds[1] >> 8) % 1e18); // a probe beyond the pool
        else o.amountUsd = bound(seeds[1] >> 3, 1, unreserved / 2 == 0 ? 1 : unreserved / 2);
        o.units = seeds[2] % 4 == 0 ? bound(seeds[2], 1, MAX_ORDER_UNITS) : bound(seeds[2], 1, 1_000);
        uint256 latest = procurementDeadline - gracePeriod;
        uint256 soonest = block.timestamp + 1;
        uint256 horizon = soonest + 10 days < latest ? soonest + 10 days : latest;
        o.deliverBy = soonest <= horizon ? bound(seeds[3], soonest, horizon) : soonest;
        o.advanceBps = seeds[4] % 2 == 0 ? maxAdvanceBps : bound(seeds[4], 0, maxAdvanceBps);
        _createOrder(o, seeds[4]);
    }

    function _doCancelOrder(uint256 orderSeed) private {
        _current = Action.CancelOrder;
        (bool found, uint256 id) = _findOrder(orderSeed, true, true);
        if (!found) return _doCreateOrder(_deriveFive(orderSeed));
        address supplier = model.supplierOf(id);
        uint256 cancellableAt = model.order(id).deliverBy + gracePeriod;
        // The pauser may pause first: a cancellation must pay verified units even then.
        if ((orderSeed >> 5) % 3 == 0 && !registry.paused()) _doTogglePause(0);
        if (!_cancellable(id) && !_probe(orderSeed)) {
            // An accepted order becomes cancellable once its deliver-by date and the grace period have passed, or
            // at once if the vetter suspends its supplier: the insiders' shortcut.
            if (orderSeed % 2 == 0 && registry.isVettedSupplier(supplier)) {
                _doToggleSupplier(supplier);
            } else if (cancellableAt < procurementDeadline) {
                _warpTo(cancellableAt);
            } else {
                return;
            }
        }
        _cancelOrder(id);
    }

    function _doClose(uint256 callerSeed) private {
        _current = Action.Close;
        ICampaign.Status status = model.status();
        bool early = block.timestamp < procurementDeadline;
        address caller = early ? organizer : _donors[callerSeed % _donors.length];
        bool expected = status == ICampaign.Status.Procurement && (!early || model.openOrders() == 0);
        // Closing early ends procurement: let orders happen first most of the time.
        if (expected && early && model.orderCount() == 0 && callerSeed % 8 != 0) {
            return _doCreateOrder(_deriveFive(callerSeed));
        }
        if (!expected && !_probe(callerSeed)) {
            if (status == ICampaign.Status.Funding) {
                _doCloseFunding(callerSeed);
            } else if (status == ICampaign.Status.Procurement) {
                // Orders are still open: the organizer cancels one, or time runs out.
                if (callerSeed % 2 == 0) _doCancelOrder(callerSeed >> 1);
                else _warpTo(procurementDeadline);
            }
            return;
        }
        // The pauser may pause first: closing must pay verified units even then.
        if ((callerSeed >> 5) % 3 == 0 && !registry.paused()) _doTogglePause(0);
        _close(expected, caller);
    }

    // ───────────────────────────── action bodies: suppliers ─────────────────────────────

    function _doAcceptOrder(uint256 orderSeed) private {
        _current = Action.AcceptOrder;
        (bool found, uint256 id) = _findOrder(orderSeed, true, false);
        if (!found) {
            // Nothing to accept: the organizer places an order first.
            _doCreateOrder(_deriveFive(orderSeed));
            _current = Action.AcceptOrder;
            (found, id) = _findOrder(orderSeed, true, false);
            if (!found) return;
        }
        address supplier = model.supplierOf(id);
        bool overdue = block.timestamp > model.order(id).deliverBy;
        if (!_acceptExpected(id) && !_probe(orderSeed)) {
            if (overdue) {
                // The organizer cancels an order nobody accepted in time.
                _doCancelOrder(orderSeed);
            } else if (!_unpauseInstead(orderSeed >> 1) && !registry.isVettedSupplier(supplier)) {
                _doToggleSupplier(supplier);
            }
            return;
        }
        _acceptOrder(id);
    }

    /// @dev The supplier marks a shipment; an honest supplier ships real goods, the insider may ship nothing.
    function _doMarkShipped(uint256 orderSeed, uint256 deliverSeed) private {
        _current = Action.MarkShipped;
        (bool found, uint256 id) = _acceptedOrder(orderSeed);
        if (!found) return;
        _markShipped(id, deliverSeed);
    }

    function _markShipped(uint256 id, uint256 deliverSeed) private {
        _current = Action.MarkShipped;
        CampaignModel.GhostOrder memory o = model.order(id);
        uint256 remaining = o.units - o.delivered;
        uint256 shipped;
        if (remaining != 0 && (o.supplier != insider || deliverSeed % 3 != 0)) {
            shipped = deliverSeed % 2 == 0 ? remaining : bound(deliverSeed >> 1, 1, remaining);
        }
        (bool ok, bytes memory ret) = _as(
            o.supplier,
            abi.encodeCall(ICampaignProcurement.markShipped, (id, string.concat("ipfs://bol-", Strings.toString(id))))
        );
        if (!_outcome(true, ok, ret, "markShipped")) return;
        model.recordShipment(id, shipped);
        _ok();
    }

    function _doWithdraw(uint256 supplierSeed, uint256 tokenSeed) private {
        _current = Action.Withdraw;
        uint256 n = _suppliers.length;
        for (uint256 i; i < n * 3; ++i) {
            address supplier = _suppliers[((supplierSeed % n) + i) % n];
            uint256 t = ((tokenSeed % 3) + i / n) % 3;
            if (model.owed(t, supplier) == 0) continue;
            if (!registry.isVettedSupplier(supplier) && !_probe(supplierSeed)) {
                // Held while suspended: the vetter reinstates it (or not).
                if ((supplierSeed >> 8) % 2 == 0) _doToggleSupplier(supplier);
                return;
            }
            return _withdraw(supplier, (supplierSeed >> 9) % 2 == 0);
        }
        // Nothing owed yet: deliveries earn.
        _doConfirmDelivery(supplierSeed, tokenSeed, _derive(supplierSeed, 1));
    }

    // ───────────────────────────── action bodies: verifiers ─────────────────────────────

    function _doConfirmDelivery(uint256 orderSeed, uint256 verifierSeed, uint256 unitsSeed) private {
        _current = Action.ConfirmDelivery;
        (bool found, uint256 id) = _acceptedOrder(orderSeed);
        if (!found) return;
        if (_probe(verifierSeed ^ 1)) return _selfConfirmation(id, verifierSeed);
        // Honest verifiers confirm only what was delivered: when they have caught up, the supplier ships more.
        if (model.order(id).delivered <= _lowestConfirmation(id)) _ship(id, unitsSeed);
        CampaignModel.GhostOrder memory o = model.order(id);
        uint256 n = _verifiers.length;
        for (uint256 j; j < n; ++j) {
            uint256 i = ((verifierSeed % n) + j) % n;
            uint256 current = model.confirmed(id, i);
            // A colluding verifier confirms anything up to the order's units, an honest one what was delivered.
            uint256 ceiling = i < colluders ? o.units : o.delivered;
            if (current >= ceiling) {
                if (current != 0 && j == 0 && _probe(unitsSeed)) return _replayConfirmation(id, i, current);
                continue;
            }
            return _confirm(id, i, _nextUnits(current, ceiling, unitsSeed));
        }
    }

    function _doConfirmDeliveryBySig(uint256 orderSeed, uint256 unitsSeed, uint256 subsetSeed) private {
        _current = Action.ConfirmDeliveryBySig;
        // The choices below test bits of the seed: spread small seeds (the fuzzer's favourites) over them.
        subsetSeed = _derive(subsetSeed, 8);
        (bool found, uint256 id) = _acceptedOrder(orderSeed);
        if (!found) return;
        uint256 lowest = _lowestConfirmation(id);
        if (model.order(id).delivered <= lowest) _ship(id, unitsSeed);
        CampaignModel.GhostOrder memory o = model.order(id);
        // Mostly a quantity honest verifiers can sign; sometimes one only colluders would sign.
        uint256 ceiling = subsetSeed % 4 == 0 ? o.units : o.delivered;
        if (lowest >= ceiling) return;
        uint256 target = _nextUnits(lowest, ceiling, unitsSeed);
        (uint256[] memory chosen, uint256 count) = _signersBelow(id, target, o.delivered, subsetSeed);
        if (count == 0) return;
        _confirmBySig(id, target, chosen, count, _donors[subsetSeed % _donors.length], subsetSeed);
    }

    /// @dev The supplier of `id` marks a shipment that carries every undelivered unit, unless it is the insider and
    /// the seed says it ships nothing.
    function _ship(uint256 id, uint256 seed) private {
        Action caller = _current;
        _markShipped(id, seed % 3 == 0 ? seed : 2);
        _current = caller;
    }

    /// @dev A verifier cancels its outstanding signatures; one it signed just before is then refused.
    function _doCancelSignatures(uint256 verifierSeed, uint256 orderSeed) private {
        _current = Action.CancelSignatures;
        uint256 i = verifierSeed % _verifiers.length;
        (bool found, uint256 id) = _findOrder(orderSeed, false, true);
        ICampaignProcurement.SignedConfirmation[] memory stale;
        uint64 target;
        bytes32 evidence = keccak256(abi.encode("cancelled evidence", orderSeed));
        if (found && model.confirmed(id, i) < model.order(id).units) {
            target = uint64(model.order(id).units);
            stale = new ICampaignProcurement.SignedConfirmation[](1);
            stale[0] = _signOne(id, target, evidence, i, block.timestamp + 1 days);
        }
        (bool ok, bytes memory ret) = _as(_verifiers[i], abi.encodeCall(ICampaignProcurement.cancelSignatures, ()));
        if (!_outcome(true, ok, ret, "cancelSignatures")) return;
        model.recordNonceUsed(i);
        _ok();
        if (stale.length == 0) return;
        (ok, ) = _as(
            _donors[orderSeed % _donors.length],
            abi.encodeCall(ICampaignProcurement.confirmDeliveryBySig, (id, target, evidence, stale))
        );
        if (ok) _violation("a signature made before cancelSignatures was accepted");
    }

    function _doReleasePayment(uint256 orderSeed, uint256 callerSeed) private {
        _current = Action.ReleasePayment;
        // The choices below test bits of the seed: spread small seeds (the fuzzer's favourites) over them.
        callerSeed = _derive(callerSeed, 11);
        (bool found, uint256 id) = _findOrderWithPaymentDue(orderSeed);
        if (!found) {
            (found, id) = _acceptedOrder(orderSeed);
            if (!found) return;
            if (_probe(callerSeed)) {
                // Nothing is due: the release must be refused.
                (bool done, ) = _as(organizer, abi.encodeCall(ICampaignProcurement.releasePayment, (id)));
                if (done) _violation("releasePayment paid with nothing verified beyond what was paid");
                else _expectedRevert();
                return;
            }
            // Payments are deferred only by a pause: the pauser pauses, the goods arrive, verifiers confirm
            // (recorded, not paid), the pauser lifts the pause.
            if (block.timestamp >= procurementDeadline) return _doClose(callerSeed);
            if (!registry.paused()) _doTogglePause(0);
            _ship(id, 2);
            for (uint256 i; i < _verifiers.length; ++i) {
                uint256 ceiling = i < colluders ? model.order(id).units : model.order(id).delivered;
                if (model.confirmed(id, i) < ceiling) _confirm(id, i, ceiling);
            }
            _current = Action.ReleasePayment;
            // Half of the time the pause outlasts the action: the payment stays deferred, and whatever comes next
            // (a cancellation, the close) must still pay it.
            if ((callerSeed >> 3) % 2 == 0) return;
            if (registry.paused()) _doTogglePause(0);
        }
        // The release is what moves the money after a pause: the pauser lifts it first (unless probing).
        if (registry.paused() && !_probe(callerSeed)) _doTogglePause(0);
        bool expected = !registry.paused() && model.verified(id) > model.order(id).unitsPaid;
        if (!expected && !_probe(callerSeed >> 1)) return;
        (bool ok, bytes memory ret) = _as(
            _donors[callerSeed % _donors.length],
            abi.encodeCall(ICampaignProcurement.releasePayment, (id))
        );
        if (!_outcome(expected, ok, ret, "releasePayment")) return;
        model.creditVerified(id);
        _checkOrder(id, "releasePayment");
        _ok();
    }

    // ───────────────────────────── action bodies: vetter, pauser, time ─────────────────────────────

    function _doToggleSupplier(address supplier) private {
        Action caller = _current;
        _current = Action.ToggleSupplier;
        bool active = registry.isVettedSupplier(supplier);
        VM.prank(vetter);
        if (active) registry.suspendSupplier(supplier, "licence under review");
        else registry.reinstateSupplier(supplier);
        if (registry.isVettedSupplier(supplier) == active) _violation("toggleSupplier did not toggle");
        else _ok();
        _current = caller;
    }

    function _doToggleVerifier(uint256 i) private {
        Action caller = _current;
        _current = Action.ToggleVerifier;
        address verifier = _verifiers[i];
        bool active = registry.verifierStatus(verifier) == IRegistry.PartyStatus.Active;
        VM.prank(vetter);
        if (active) registry.suspendVerifier(verifier, "conflict of interest");
        else registry.reinstateVerifier(verifier);
        _ok();
        _current = caller;
    }

    function _doTogglePause(uint256 seed) private {
        Action caller = _current;
        _current = Action.TogglePause;
        bool paused = registry.paused();
        // Unpause always, pause half of the time.
        if (paused || seed % 2 == 0) {
            VM.prank(pauser);
            if (paused) registry.unpause();
            else registry.pause();
            if (registry.paused() == paused) _violation("togglePause did not toggle");
            else _ok();
        }
        _current = caller;
    }

    /// @dev Half of the time an action blocked by the pause makes way for the pauser lifting it.
    function _unpauseInstead(uint256 seed) private returns (bool) {
        if (!registry.paused() || seed % 2 == 0) return false;
        _doTogglePause(0);
        return true;
    }

    function _doWarp(uint256 seed) private {
        _current = Action.Warp;
        uint256 target;
        if (seed % 3 == 0) target = _nextBoundary();
        if (target == 0) target = block.timestamp + bound(seed >> 2, 1 minutes, 3 days);
        // While funding, prices move (pledges keep their pledge-time value).
        if (model.status() == ICampaign.Status.Funding && (seed >> 1) % 4 == 0) {
            uint256 t = (seed >> 12) % 3;
            _feeds[t].updateAnswer((_basePrices[t] * int256(bound(seed >> 16, 50, 200))) / 100);
        }
        _warpTo(target);
        _ok();
    }

    function _doInsiderRound(uint256 seed, uint256 amountSeed) private {
        _current = Action.InsiderRound;
        if (model.status() == ICampaign.Status.Funding) {
            // 0. The organizer tops the appeal up to its goal with its own ETH and closes funding early.
            uint256 missing = model.goalUsd() > model.raisedUsd() ? model.goalUsd() - model.raisedUsd() : 0;
            if (missing != 0 && !registry.paused()) {
                uint256 weiNeeded = (missing * 1 ether) / registry.usdValue(ETH, 1 ether) + 1;
                if (weiNeeded <= 100 ether) _pledge(true, _donors.length - 1, 0, weiNeeded, false);
            }
            _doCloseFunding(seed);
            if (model.status() == ICampaign.Status.Funding) _warpTo(deadline);
        }
        if (model.status() != ICampaign.Status.Procurement) return;
        if (block.timestamp + 1 hours + gracePeriod > procurementDeadline) return _doClose(seed);
        if (registry.paused()) _doTogglePause(0);
        if (!registry.isVettedSupplier(insider)) _doToggleSupplier(insider);
        // 1. The organizer orders from its accomplice as much as the pool allows, due soon, with the top advance.
        CampaignModel.GhostOrder memory o;
        o.supplier = insider;
        uint256 unreserved = model.unreservedUsd();
        o.amountUsd = amountSeed % 2 == 0 ? unreserved : bound(amountSeed >> 1, 1, unreserved == 0 ? 1 : unreserved);
        o.units = bound(seed >> 8, 1, 1_000);
        o.deliverBy = block.timestamp + 1 hours;
        o.advanceBps = maxAdvanceBps;
        uint256 id = model.orderCount();
        _createOrder(o, 0);
        if (model.orderCount() == id) return;
        // 2. The supplier accepts at once (the cap may refuse).
        _acceptOrder(id);
        if (model.statusOf(id) == ICampaign.OrderStatus.Accepted) {
            // 3. It may withdraw its advance (every token at once) before the suspension.
            if ((seed & 7) != 0 && _owesAny(insider)) _withdraw(insider, (seed >> 3) & 1 == 1);
            // 4. A colluding verifier confirms everything (alone it verifies nothing).
            if ((seed >> 4) & 1 == 1 && colluders != 0) _confirm(id, 0, model.order(id).units);
            // 5. The vetter suspends the supplier so that the organizer may cancel at once.
            _doToggleSupplier(insider);
        }
        _cancelOrder(id);
        // 6. The vetter may reinstate the supplier for the next round.
        if ((seed >> 5) & 1 == 1 && !registry.isVettedSupplier(insider)) _doToggleSupplier(insider);
        _current = Action.InsiderRound;
        _ok();
    }

    function _doUnsolicited(uint256 tokenSeed, uint256 amountSeed) private {
        _current = Action.Unsolicited;
        uint256 t = tokenSeed % 3;
        uint256 amount;
        if (t == 0) {
            amount = bound(amountSeed, 1, 2 ether);
            VM.deal(address(this), amount);
            forcer.forceSend{value: amount}(payable(address(campaign)));
        } else {
            amount = bound(amountSeed, 1, t == 1 ? 1_000e6 : 0.01e8);
            _mint(t, address(campaign), amount);
        }
        model.recordUnsolicited(t, amount);
        _ok();
    }

    // ───────────────────────────── end of a run ─────────────────────────────

    /// @notice Takes the campaign to its end and lets everyone take what it is owed: pass the procurement deadline,
    /// close (anyone may; paused or not, suspensions as they are), reinstate every supplier, then every donor
    /// claims and every supplier withdraws (a pause stops neither), through the same checked paths as the actions.
    /// Called by the test's `afterInvariant`.
    function finish() external {
        _snapshotOwed();
        if (block.timestamp <= procurementDeadline) _warpTo(procurementDeadline + 1);
        if (model.status() == ICampaign.Status.Procurement) _close(true, _donors[0]);
        for (uint256 s; s < _suppliers.length; ++s) {
            if (!registry.isVettedSupplier(_suppliers[s])) _doToggleSupplier(_suppliers[s]);
        }
        for (uint256 d; d < _donors.length; ++d) {
            for (uint256 t; t < 3; ++t) {
                if (model.refundable(_donors[d], t) != 0) _claimRefund(_donors[d], t, t % 2 == 0);
            }
        }
        for (uint256 s; s < _suppliers.length; ++s) {
            if (_owesAny(_suppliers[s])) _withdraw(_suppliers[s], false);
        }
        _afterAction();
    }

    // ───────────────────────────── calls: donors ─────────────────────────────

    function _pledge(bool expected, uint256 d, uint256 t, uint256 amount, bool usePermit) private {
        address donor = _donors[d];
        uint256 usd = expected ? registry.usdValue(_tokens[t], amount) : 0;
        uint256 before = _balance(t, address(campaign));
        bool ok;
        bytes memory ret;
        if (t == 0) {
            VM.deal(donor, amount);
            VM.prank(donor);
            (ok, ret) = address(campaign).call{value: amount}(abi.encodeCall(ICampaign.pledgeETH, ()));
        } else {
            _mint(t, donor, amount);
            (ok, ret) = _pledgeToken(d, t, amount, usePermit && t == 1 && _donorKeys[d] != 0);
        }
        if (!_outcome(expected, ok, ret, "pledge")) return;
        if (_balance(t, address(campaign)) - before != amount) {
            _violation("pledge: the campaign received other than the amount");
        }
        model.recordPledge(t, donor, amount, usd);
        _ok();
    }

    function _pledgeToken(uint256 d, uint256 t, uint256 amount, bool usePermit) private returns (bool, bytes memory) {
        address donor = _donors[d];
        if (usePermit) return _as(donor, _permitPledgeCall(d, amount));
        VM.prank(donor);
        IERC20(_tokens[t]).approve(address(campaign), amount);
        return _as(donor, abi.encodeCall(ICampaign.pledge, (_tokens[t], amount)));
    }

    /// @dev A USDC pledge with an EIP-2612 permit signed by donor `d`.
    function _permitPledgeCall(uint256 d, uint256 amount) private view returns (bytes memory) {
        address donor = _donors[d];
        uint256 permitDeadline = block.timestamp + 1 hours;
        bytes32 structHash = keccak256(
            abi.encode(PERMIT_TYPEHASH, donor, address(campaign), amount, usdc.nonces(donor), permitDeadline)
        );
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", usdc.DOMAIN_SEPARATOR(), structHash));
        (uint8 v, bytes32 r, bytes32 s) = VM.sign(_donorKeys[d], digest);
        return abi.encodeCall(ICampaign.pledgeWithPermit, (address(usdc), amount, permitDeadline, v, r, s));
    }

    function _cancelPledge(bool expected, address donor, uint256 t, bool useTo) private {
        uint256 standing = model.standing(t, donor);
        address to = useTo ? coldWallet(donor) : donor;
        (uint256 campaignBefore, uint256 toBefore) = (_balance(t, address(campaign)), _balance(t, to));
        (bool ok, bytes memory ret) = useTo
            ? _as(donor, abi.encodeCall(ICampaign.cancelPledgeTo, (_tokens[t], to)))
            : _as(donor, abi.encodeCall(ICampaign.cancelPledge, (_tokens[t])));
        // Cancelling is never stopped by a pause: a revert during funding is a violation.
        if (!_outcome(expected, ok, ret, "cancelPledge")) return;
        _recordOutflow(t, to, standing, campaignBefore, toBefore);
        model.recordCancel(t, donor);
        _ok();
    }

    function _claimRefund(address donor, uint256 t, bool useTo) private {
        _current = Action.ClaimRefund;
        uint256 amount = model.refundable(donor, t);
        if (campaign.refundable(donor, _tokens[t]) != amount) _violation("refundable differs from the model");
        address to = useTo ? coldWallet(donor) : donor;
        (uint256 campaignBefore, uint256 toBefore) = (_balance(t, address(campaign)), _balance(t, to));
        (bool ok, bytes memory ret) = useTo
            ? _as(donor, abi.encodeCall(ICampaign.claimRefundTo, (_tokens[t], to)))
            : _as(donor, abi.encodeCall(ICampaign.claimRefund, (_tokens[t])));
        // Refunds are never stopped (not by a pause, not by anyone): a revert is a violation.
        if (!_outcome(true, ok, ret, "claimRefund")) return;
        _recordOutflow(t, to, amount, campaignBefore, toBefore);
        model.recordRefund(t, donor, amount, _balance(t, to) - toBefore);
        if (campaign.refundable(donor, _tokens[t]) != 0) _violation("a refund can be claimed twice");
        _ok();
    }

    // ───────────────────────────── calls: organizer ─────────────────────────────

    function _createOrder(CampaignModel.GhostOrder memory o, uint256 probeSeed) private {
        _current = Action.CreateOrder;
        o.termsHash = keccak256(abi.encode("terms", model.orderCount()));
        bool vetted = registry.isVettedSupplier(o.supplier);
        bool expected = !registry.paused() && vetted && model.orderAllowed(o);
        if (!expected && !_probe(probeSeed)) {
            if (registry.paused()) _unpauseInstead(probeSeed >> 1);
            else if (!vetted) _doToggleSupplier(o.supplier);
            return;
        }
        uint256[3] memory reservedBefore = _reservedNow();
        (bool ok, bytes memory ret) = _as(
            organizer,
            abi.encodeCall(
                ICampaignProcurement.createOrder,
                (o.supplier, o.amountUsd, uint64(o.units), uint40(o.deliverBy), uint16(o.advanceBps), o.termsHash)
            )
        );
        if (!_outcome(expected, ok, ret, "createOrder")) return;
        uint256 id = model.recordOrder(o);
        if (abi.decode(ret, (uint256)) != id) _violation("createOrder: unexpected order id");
        uint256[3] memory amounts = model.order(id).amount;
        for (uint256 t; t < 3; ++t) {
            if (campaign.ledger(_tokens[t]).reserved - reservedBefore[t] != amounts[t]) {
                _violation("createOrder: reserved other than floor(net * amountUsd / raised)");
            }
        }
        _seenOrderStatus.push(uint8(ICampaign.OrderStatus.Placed));
        _checkOrder(id, "createOrder");
        _ok();
    }

    function _cancellable(uint256 id) private view returns (bool) {
        CampaignModel.GhostOrder memory o = model.order(id);
        return
            o.status == ICampaign.OrderStatus.Placed ||
            registry.supplierStatus(o.supplier) == IRegistry.PartyStatus.Suspended ||
            block.timestamp >= o.deliverBy + gracePeriod;
    }

    function _cancelOrder(uint256 id) private {
        _current = Action.CancelOrder;
        bool expected = model.isOpen(model.statusOf(id)) && _cancellable(id);
        (bool ok, bytes memory ret) = _as(organizer, abi.encodeCall(ICampaignProcurement.cancelOrder, (id)));
        if (!_outcome(expected, ok, ret, "cancelOrder")) return;
        model.settle(id);
        _checkOrder(id, "cancelOrder");
        _ok();
    }

    function _close(bool expected, address caller) private {
        _current = Action.Close;
        (bool ok, bytes memory ret) = _as(caller, abi.encodeCall(ICampaignProcurement.close, ()));
        if (!_outcome(expected, ok, ret, "close")) return;
        if (block.timestamp < procurementDeadline && model.openOrders() != 0) _violation("closed early, orders open");
        model.recordClose();
        for (uint256 t; t < 3; ++t) {
            if (campaign.ledger(_tokens[t]).unspentAtClose != model.unspentAtClose(t)) {
                _violation("close: unspent differs from the model");
            }
        }
        uint256 count = model.orderCount();
        for (uint256 id; id < count; ++id) _checkOrder(id, "close");
        _ok();
    }

    // ───────────────────────────── calls: suppliers ─────────────────────────────

    /// @dev Every rule `acceptOrder` applies, from the model, including the campaign-wide advance cap.
    function _acceptExpected(uint256 id) private view returns (bool) {
        CampaignModel.GhostOrder memory o = model.order(id);
        if (o.status != ICampaign.OrderStatus.Placed) return false;
        if (block.timestamp >= procurementDeadline || block.timestamp > o.deliverBy) return false;
        if (registry.paused() || !registry.isVettedSupplier(o.supplier)) return false;
        return model.withinCap(id);
    }

    function _acceptOrder(uint256 id) private {
        _current = Action.AcceptOrder;
        bool expected = _acceptExpected(id);
        (bool ok, bytes memory ret) = _as(model.supplierOf(id), abi.encodeCall(ICampaignProcurement.acceptOrder, (id)));
        if (!_outcome(expected, ok, ret, "acceptOrder")) return;
        model.recordAccept(id);
        _checkOrder(id, "acceptOrder");
        _ok();
    }

    /// @dev A withdrawal takes every token the supplier is owed, at once.
    function _withdraw(address supplier, bool useTo) private {
        _current = Action.Withdraw;
        uint256[3] memory amounts;
        bool any;
        for (uint256 t; t < 3; ++t) {
            amounts[t] = model.owed(t, supplier);
            if (amounts[t] != 0) any = true;
        }
        bool expected = any && registry.supplierStatus(supplier) != IRegistry.PartyStatus.Suspended;
        address to = useTo ? coldWallet(supplier) : supplier;
        uint256[3] memory campaignBefore;
        uint256[3] memory toBefore;
        for (uint256 t; t < 3; ++t)
            (campaignBefore[t], toBefore[t]) = (_balance(t, address(campaign)), _balance(t, to));
        (bool ok, bytes memory ret) = useTo
            ? _as(supplier, abi.encodeCall(ICampaign.withdrawTo, (to)))
            : _as(supplier, abi.encodeCall(ICampaign.withdraw, ()));
        // Withdrawing what was earned works while paused; only a suspension holds it.
        if (!_outcome(expected, ok, ret, "withdraw")) return;
        for (uint256 t; t < 3; ++t) {
            if (amounts[t] == 0) continue;
            _recordOutflow(t, to, amounts[t], campaignBefore[t], toBefore[t]);
            model.recordWithdrawal(t, supplier);
        }
        _ok();
    }

    function _owesAny(address supplier) private view returns (bool) {
        for (uint256 t; t < 3; ++t) {
            if (model.owed(t, supplier) != 0) return true;
        }
        return false;
    }

    // ───────────────────────────── calls: verifiers ─────────────────────────────

    function _confirm(uint256 id, uint256 i, uint256 units) private {
        _current = Action.ConfirmDelivery;
        bool active = registry.verifierStatus(_verifiers[i]) == IRegistry.PartyStatus.Active;
        bool expected = block.timestamp < procurementDeadline && active && units > model.confirmed(id, i);
        if (!expected && !_probe(units)) {
            if (!active) _doToggleVerifier(i);
            else if (block.timestamp >= procurementDeadline) _doClose(units);
            return;
        }
        (bool ok, bytes memory ret) = _as(
            _verifiers[i],
            abi.encodeCall(
                ICampaignProcurement.confirmDelivery,
                (id, uint64(units), keccak256(abi.encode("evidence", id, units)))
            )
        );
        if (!_outcome(expected, ok, ret, "confirmDelivery")) return;
        model.recordConfirmation(id, i, units);
        _afterConfirmation(id, "confirmDelivery");
    }

    /// @dev Independent verification: the organizer, or the order's own supplier, confirming a delivery is refused
    /// (neither is one of the campaign's verifiers).
    function _selfConfirmation(uint256 id, uint256 seed) private {
        if (block.timestamp >= procurementDeadline) return;
        address who = seed % 2 == 0 ? organizer : model.supplierOf(id);
        (bool ok, bytes memory ret) = _as(
            who,
            abi.encodeCall(ICampaignProcurement.confirmDelivery, (id, uint64(model.order(id).units), keccak256("self")))
        );
        if (ok || bytes4(ret) != ICampaign.CampaignNotVerifier.selector) {
            _violation("the organizer or the supplier confirmed its own order");
        } else {
            _expectedRevert();
        }
    }

    /// @dev Independent verification: the vetter registers a campaign verifier as a supplier (once), and an order
    /// from it is refused with `CampaignSupplierIsVerifier`.
    function _orderFromVerifier(uint256 seed) private {
        address verifier = _verifiers[seed % _verifiers.length];
        if (registry.supplierStatus(verifier) == IRegistry.PartyStatus.None) {
            VM.prank(vetter);
            registry.registerSupplier(verifier, "Verifier's trading arm", "NG", keccak256("dossier"));
        }
        if (registry.paused() || !registry.isVettedSupplier(verifier) || block.timestamp >= procurementDeadline) return;
        if (model.status() != ICampaign.Status.Procurement) return;
        (bool ok, bytes memory ret) = _as(
            organizer,
            abi.encodeCall(
                ICampaignProcurement.createOrder,
                (verifier, 1, 1, uint40(block.timestamp + 1), 0, keccak256("terms"))
            )
        );
        if (ok || bytes4(ret) != ICampaign.CampaignSupplierIsVerifier.selector) {
            _violation("an order was placed with one of the campaign's verifiers");
        } else {
            _expectedRevert();
        }
    }

    /// @dev A verifier repeating its own confirmation must be refused (no replays, no decreases).
    function _replayConfirmation(uint256 id, uint256 i, uint256 current) private {
        (bool ok, ) = _as(
            _verifiers[i],
            abi.encodeCall(ICampaignProcurement.confirmDelivery, (id, uint64(current), keccak256("replay")))
        );
        if (ok) _violation("a verifier confirmed the same quantity twice");
        else _expectedRevert();
    }

    function _confirmBySig(
        uint256 id,
        uint256 target,
        uint256[] memory chosen,
        uint256 count,
        address sender,
        uint256 seed
    ) private {
        bool active = _signersActive(chosen, count);
        bool expired = seed % 16 == 1; // now and then a signature past its deadline
        bool expected =
            block.timestamp < procurementDeadline &&
                active &&
                !expired &&
                _agreeingWith(id, target, count) >= threshold;
        if (!expected && !_probe(seed >> 4)) {
            if (block.timestamp >= procurementDeadline) _doClose(seed);
            else if (!active) _doToggleVerifier(chosen[0]);
            return;
        }
        bytes memory data = _signedBatch(id, target, chosen, count, expired);
        (bool ok, bytes memory ret) = _as(sender, data);
        if (!_outcome(expected, ok, ret, "confirmDeliveryBySig")) return;
        for (uint256 j; j < count; ++j) model.recordConfirmation(id, chosen[j], target);
        _afterConfirmation(id, "confirmDeliveryBySig");
        // Used signatures stay used: replaying the batch must fail.
        (ok, ) = _as(sender, data);
        if (ok) _violation("a signed confirmation was replayed");
    }

    /// @dev The signers plus the verifiers that already confirmed at least `target`: the signatures must
    /// complete the threshold with the confirmations already made.
    function _agreeingWith(uint256 id, uint256 target, uint256 count) private view returns (uint256 agreeing) {
        agreeing = count;
        for (uint256 i; i < _verifiers.length; ++i) {
            if (model.confirmed(id, i) >= target) ++agreeing;
        }
    }

    function _signersActive(uint256[] memory chosen, uint256 count) private view returns (bool) {
        for (uint256 j; j < count; ++j) {
            if (registry.verifierStatus(_verifiers[chosen[j]]) != IRegistry.PartyStatus.Active) return false;
        }
        return true;
    }

    /// @dev The `confirmDeliveryBySig` call carrying the chosen verifiers' signatures of `target`.
    function _signedBatch(
        uint256 id,
        uint256 target,
        uint256[] memory chosen,
        uint256 count,
        bool expired
    ) private view returns (bytes memory) {
        bytes32 evidence = keccak256(abi.encode("signed evidence", id, target));
        uint256 sigDeadline = expired ? block.timestamp - 1 : block.timestamp + 1 hours;
        ICampaignProcurement.SignedConfirmation[] memory signed = new ICampaignProcurement.SignedConfirmation[](count);
        for (uint256 j; j < count; ++j) signed[j] = _signOne(id, uint64(target), evidence, chosen[j], sigDeadline);
        return abi.encodeCall(ICampaignProcurement.confirmDeliveryBySig, (id, uint64(target), evidence, signed));
    }

    /// @dev One verifier's signature, made from the specification (not from the campaign's own digest view).
    function _signOne(
        uint256 id,
        uint64 units,
        bytes32 evidence,
        uint256 i,
        uint256 sigDeadline
    ) private view returns (ICampaignProcurement.SignedConfirmation memory c) {
        CampaignModel.GhostOrder memory o = model.order(id);
        bytes32 digest = ConfirmationDigest.compute(
            address(campaign),
            ConfirmationDigest.Confirmation(
                id,
                o.supplier,
                o.termsHash,
                units,
                evidence,
                _verifiers[i],
                model.nonce(i),
                sigDeadline
            )
        );
        (uint8 v, bytes32 r, bytes32 s) = VM.sign(_verifierKeys[i], digest);
        c = ICampaignProcurement.SignedConfirmation(_verifiers[i], sigDeadline, abi.encodePacked(r, s, v));
    }

    /// @dev After a recorded confirmation: the campaign's verified units are the model's, and the supplier is
    /// credited what they earned beyond what was paid unless the deployment is paused (deferred, not lost).
    function _afterConfirmation(uint256 id, string memory what) private {
        if (!registry.paused()) model.creditVerified(id);
        _checkOrder(id, what);
        _ok();
    }

    // ───────────────────────────── after each action ─────────────────────────────

    function _snapshotOwed() private {
        for (uint256 t; t < 3; ++t) {
            _owedSnapshot[t] = _sumWithdrawable(t);
            _withdrawnSnapshot[t] = model.withdrawn(t);
        }
    }

    /// @dev Books what suppliers were credited (or had taken back) during the action, as observed; checks that
    /// statuses, order statuses and nonces only moved forward; and compares the books with the model.
    function _afterAction() private {
        for (uint256 t; t < 3; ++t) {
            uint256 nowOwed = _sumWithdrawable(t) + model.withdrawn(t);
            uint256 thenOwed = _owedSnapshot[t] + _withdrawnSnapshot[t];
            if (nowOwed >= thenOwed) model.recordObservedCredit(t, nowOwed - thenOwed, 0);
            else model.recordObservedCredit(t, 0, thenOwed - nowOwed);
        }
        ICampaign.Status status = campaign.status();
        if (uint8(status) < uint8(lastStatus)) _regression("campaign status moved backwards");
        if (lastStatus == ICampaign.Status.Failed && status != ICampaign.Status.Failed) _regression("left Failed");
        if (status != model.status()) _violation("campaign status differs from the model");
        lastStatus = status;
        uint256 count = model.orderCount();
        for (uint256 id; id < count; ++id) {
            uint8 s = uint8(campaign.order(id).status);
            uint8 seen = _seenOrderStatus[id];
            // Placed -> Accepted -> Shipped -> (Completed | Cancelled); Placed -> Cancelled; Shipped may repeat.
            if (s < seen || (seen >= uint8(ICampaign.OrderStatus.Completed) && s != seen)) {
                _regression("order status moved backwards");
            }
            if (s != uint8(model.statusOf(id))) _violation("order status differs from the model");
            _seenOrderStatus[id] = s;
        }
        for (uint256 i; i < _verifiers.length; ++i) {
            uint256 nonce = campaign.nonces(_verifiers[i]);
            if (nonce < _seenNonces[i]) _regression("a verifier's nonce went back");
            if (nonce != model.nonce(i)) _violation("a verifier's nonce differs from the model");
            _seenNonces[i] = nonce;
        }
        _reconcileBooks();
    }

    function _reconcileBooks() private {
        for (uint256 t; t < 3; ++t) {
            ICampaign.Ledger memory l = campaign.ledger(_tokens[t]);
            if (l.pledged != model.pledged(t) || l.cancelled != model.cancelled(t) || l.refunded != model.refunded(t)) {
                _violation("ledger: pledges, cancellations or refunds differ from the model");
            }
            if (l.pledgedUsd != model.pledgedUsd(t)) _violation("ledger: pledgedUsd differs from the model");
            if (l.withdrawn != model.withdrawn(t)) _violation("ledger: withdrawn differs from the model");
            if (l.reserved != model.reserved(t)) _violation("ledger: reserved differs from the model");
            if (l.earned != model.earned(t)) _violation("ledger: earned differs from the model");
            if (l.unbacked != model.unbacked(t)) _violation("ledger: unbacked differs from the model");
            for (uint256 s; s < _suppliers.length; ++s) {
                if (campaign.withdrawable(_suppliers[s], _tokens[t]) != model.owed(t, _suppliers[s])) {
                    _violation("withdrawable differs from the model");
                }
            }
        }
    }

    /// @dev The order as the campaign reports it equals the model's, in every token.
    function _checkOrder(uint256 id, string memory what) private {
        CampaignModel.GhostOrder memory g = model.order(id);
        ICampaign.Order memory o = campaign.order(id);
        if (o.status != g.status) _violation(string.concat(what, ": order status differs from the model"));
        if (o.unitsPaid != g.unitsPaid) _violation(string.concat(what, ": unitsPaid differs from the model"));
        if (o.unitsVerified != model.verified(id)) {
            _violation(string.concat(what, ": unitsVerified is not the threshold-th highest confirmation"));
        }
        for (uint256 t; t < 3; ++t) {
            (uint256 amount, uint256 paid, uint256 advance) = campaign.orderShare(id, _tokens[t]);
            if (amount != g.amount[t] || paid != model.paid(id, t) || advance != model.advance(id, t)) {
                _violation(string.concat(what, ": orderShare differs from the model"));
            }
        }
    }

    // ───────────────────────────── bookkeeping ─────────────────────────────

    /// @dev Compares a call's outcome with the model; returns whether it succeeded as expected.
    function _outcome(bool expected, bool ok, bytes memory ret, string memory what) private returns (bool) {
        if (ok && expected) return true;
        if (ok) {
            _violation(string.concat(what, " succeeded where the model says it must fail"));
        } else if (expected) {
            _violation(string.concat(what, " reverted unexpectedly with ", _selectorOf(ret)));
        } else {
            _expectedRevert();
        }
        return false;
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

    function _violation(string memory what) private {
        if (violationCount++ == 0) firstViolation = what;
    }

    function _regression(string memory what) private {
        if (regressionCount++ == 0) firstRegression = what;
        _violation(what);
    }

    // ───────────────────────────── internal: finding things ─────────────────────────────

    function _findStanding(uint256 donorSeed, uint256 tokenSeed) private view returns (bool, address, uint256) {
        uint256 n = _donors.length;
        for (uint256 i; i < n * 3; ++i) {
            address donor = _donors[((donorSeed % n) + i) % n];
            uint256 t = ((tokenSeed % 3) + i / n) % 3;
            if (model.standing(t, donor) != 0) return (true, donor, t);
        }
        return (false, address(0), 0);
    }

    function _findRefundable(uint256 donorSeed, uint256 tokenSeed) private view returns (bool, address, uint256) {
        uint256 n = _donors.length;
        for (uint256 i; i < n * 3; ++i) {
            address donor = _donors[((donorSeed % n) + i) % n];
            uint256 t = ((tokenSeed % 3) + i / n) % 3;
            if (model.refundable(donor, t) != 0) return (true, donor, t);
        }
        return (false, address(0), 0);
    }

    /// @dev The first order from `seed` on whose status is one of those asked for: placed, or accepted or shipped.
    function _findOrder(uint256 seed, bool placed, bool acceptedOrShipped) private view returns (bool, uint256) {
        uint256 count = model.orderCount();
        for (uint256 i; i < count; ++i) {
            uint256 id = ((seed % count) + i) % count;
            ICampaign.OrderStatus s = model.statusOf(id);
            if (placed && s == ICampaign.OrderStatus.Placed) return (true, id);
            if (acceptedOrShipped && (s == ICampaign.OrderStatus.Accepted || s == ICampaign.OrderStatus.Shipped)) {
                return (true, id);
            }
        }
        return (false, 0);
    }

    /// @dev An accepted or shipped order; when there is none, the supplier accepts one (which may need it placed).
    function _acceptedOrder(uint256 seed) private returns (bool found, uint256 id) {
        (found, id) = _findOrder(seed, false, true);
        if (found) return (found, id);
        Action caller = _current;
        _doAcceptOrder(seed);
        _current = caller;
        return _findOrder(seed, false, true);
    }

    /// @dev An accepted or shipped order with verified units not yet paid (deferred by a pause).
    function _findOrderWithPaymentDue(uint256 seed) private view returns (bool, uint256) {
        uint256 count = model.orderCount();
        for (uint256 i; i < count; ++i) {
            uint256 id = ((seed % count) + i) % count;
            ICampaign.OrderStatus s = model.statusOf(id);
            if (s != ICampaign.OrderStatus.Accepted && s != ICampaign.OrderStatus.Shipped) continue;
            if (model.verified(id) > model.order(id).unitsPaid) return (true, id);
        }
        return (false, 0);
    }

    /// @dev A strictly higher cumulative quantity up to `ceiling`: often all of it, often one more.
    function _nextUnits(uint256 current, uint256 ceiling, uint256 seed) private pure returns (uint256) {
        uint256 mode = seed % 4;
        if (mode == 0) return ceiling;
        if (mode == 1) return current + 1;
        return bound(seed >> 2, current + 1, ceiling);
    }

    function _lowestConfirmation(uint256 id) private view returns (uint256 lowest) {
        lowest = type(uint256).max;
        for (uint256 i; i < _verifiers.length; ++i) {
            uint256 c = model.confirmed(id, i);
            if (c < lowest) lowest = c;
        }
    }

    /// @dev Verifiers below `target` willing to sign it (colluders sign anything, honest verifiers only what was
    /// delivered), the threshold of them when possible and the others at random.
    function _signersBelow(
        uint256 id,
        uint256 target,
        uint256 delivered,
        uint256 seed
    ) private view returns (uint256[] memory chosen, uint256 count) {
        uint256 n = _verifiers.length;
        chosen = new uint256[](n);
        for (uint256 j; j < n; ++j) {
            uint256 i = ((seed % n) + j) % n;
            bool willing = i < colluders || target <= delivered;
            if (!willing || model.confirmed(id, i) >= target) continue;
            if (count < threshold || (seed >> (8 + j)) % 2 == 0) chosen[count++] = i;
        }
    }

    /// @dev The next interesting time: one second before or at the funding or procurement deadline, an order's
    /// deliver-by date passing, or when an open order becomes cancellable; 0 when none is ahead.
    function _nextBoundary() private view returns (uint256 next) {
        uint256[4] memory candidates = [deadline - 1, deadline, procurementDeadline - 1, procurementDeadline];
        for (uint256 i; i < candidates.length; ++i) next = _sooner(next, candidates[i]);
        uint256 count = model.orderCount();
        for (uint256 id; id < count; ++id) {
            ICampaign.OrderStatus s = model.statusOf(id);
            uint256 deliverBy = model.order(id).deliverBy;
            if (s == ICampaign.OrderStatus.Placed) next = _sooner(next, deliverBy + 1);
            else if (model.isOpen(s)) next = _sooner(next, deliverBy + gracePeriod);
        }
    }

    function _sooner(uint256 next, uint256 candidate) private view returns (uint256) {
        if (candidate <= block.timestamp) return next;
        return next == 0 || candidate < next ? candidate : next;
    }

    /// @dev About one time in six an action also tries a call the model says must fail.
    function _probe(uint256 seed) private pure returns (bool) {
        return uint256(keccak256(abi.encode(seed, "probe"))) % 6 == 0;
    }

    function _derive(uint256 seed, uint256 salt) private pure returns (uint256) {
        return uint256(keccak256(abi.encode(seed, salt)));
    }

    function _deriveFive(uint256 seed) private pure returns (uint256[5] memory seeds) {
        for (uint256 i; i < 5; ++i) seeds[i] = _derive(seed, i);
    }

    // ───────────────────────────── internal: plumbing ─────────────────────────────

    function _as(address who, bytes memory data) private returns (bool ok, bytes memory ret) {
        VM.prank(who);
        (ok, ret) = address(campaign).call(data);
    }

    /// @dev Moves time and re-publishes every feed's price at the new time (prices are otherwise stale).
    function _warpTo(uint256 target) private {
        if (target > block.timestamp) VM.warp(target);
        for (uint256 i; i < 3; ++i) {
            (, int256 answer, , , ) = _feeds[i].latestRoundData();
            _feeds[i].updateAnswer(answer);
        }
    }

    /// @dev Checks that `amount` left the campaign and reached `recipient`, and books it.
    function _recordOutflow(
        uint256 t,
        address recipient,
        uint256 amount,
        uint256 campaignBefore,
        uint256 recipientBefore
    ) private {
        uint256 left = campaignBefore - _balance(t, address(campaign));
        uint256 arrived = _balance(t, recipient) - recipientBefore;
        if (left != amount || arrived != amount) _violation("money out: campaign and recipient deltas differ");
        model.recordOutflow(t, recipient, left);
    }

    function _reservedNow() private view returns (uint256[3] memory reserved) {
        for (uint256 t; t < 3; ++t) reserved[t] = campaign.ledger(_tokens[t]).reserved;
    }

    function _sumWithdrawable(uint256 t) private view returns (uint256 total) {
        for (uint256 s; s < _suppliers.length; ++s) total += campaign.withdrawable(_suppliers[s], _tokens[t]);
    }

    /// @notice Another address of the same party (a donor's cold wallet, a supplier's bank-side address), where
    /// `cancelPledgeTo`, `claimRefundTo` and `withdrawTo` send.
    function coldWallet(address account) public pure returns (address) {
        return address(uint160(uint256(keccak256(abi.encode("cold wallet", account)))));
    }

    function _mint(uint256 t, address to, uint256 amount) private {
        if (t == 1) usdc.mint(to, amount);
        else wbtc.mint(to, amount);
    }

    function _balance(uint256 t, address account) private view returns (uint256) {
        return t == 0 ? account.balance : IERC20(_tokens[t]).balanceOf(account);
    }

    function _selectorOf(bytes memory reason) private pure returns (string memory) {
        if (reason.length < 4) return "no data";
        return Strings.toHexString(uint256(uint32(bytes4(reason))), 4);
    }
}
