// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Campaign} from "../../contracts/Campaign.sol";
import {ICampaign} from "../../contracts/interfaces/ICampaign.sol";

import {HandoverFixture} from "./utils/HandoverFixture.sol";
import {Vm, VM} from "./utils/Vm.sol";

/// @title PromiseRegressionTest
/// @notice Histories the invariant fuzzer found against the promise, minimised and replayed with every amount.
contract PromiseRegressionTest is HandoverFixture {
    bytes32 private constant TERMS = keccak256("PO-2020-007: EN 14683 Type IIR masks, CIF Abuja");

    Campaign private campaign;
    address private ethDonor = address(0xE7D0);
    address private usdcDonor = address(0x05DC);

    /// @dev An ETH + USDC appeal that met its $1,000 goal: 1 ETH ($3,000) and 3,000 USDC; funding closed early.
    function setUp() public {
        _deploy();
        (address[] memory verifiers, ) = _verifiers(3);
        ICampaign.Params memory p = _defaultParams(verifiers, 2, 1_000e18, false);
        address[] memory tokens = new address[](2);
        tokens[0] = ETH;
        tokens[1] = address(usdc);
        p.tokens = tokens;
        campaign = _createCampaign(p);
        VM.deal(ethDonor, 1 ether);
        VM.prank(ethDonor);
        campaign.pledgeETH{value: 1 ether}();
        usdc.mint(usdcDonor, 3_000e6);
        VM.startPrank(usdcDonor);
        usdc.approve(address(campaign), 3_000e6);
        campaign.pledge(address(usdc), 3_000e6);
        VM.stopPrank();
        VM.prank(organizer);
        campaign.closeFunding();
    }

    /// @notice Found by `invariant_everyDonorGetsBackTheSameFraction` (shrunk to one `insiderRound`): the organizer
    /// orders the whole pool ($6,000) from its supplier with a 30% advance; the supplier accepts (0.3 ETH and 900
    /// USDC credited) and withdraws; the vetter suspends it; the organizer cancels at once. When withdrawals were
    /// per token, a supplier that took only its ETH had its USDC advance reclaimed but not its ETH one: USDC donors
    /// got back 100% and ETH donors 70%. A withdrawal now takes every token at once, so the advance is either
    /// entirely gone (and stays counted) or entirely here (and comes back): both donors get the same fraction.
    function test_withdrawalBeforeSuspension_reclaimsNoTokenSoEveryDonorGetsTheSameFraction() public {
        VM.prank(organizer);
        uint256 orderId = campaign.createOrder(
            supplierA,
            6_000e18,
            100,
            uint40(block.timestamp + 5 days),
            3_000,
            TERMS
        );
        VM.prank(supplierA);
        campaign.acceptOrder(orderId);
        assertEq(campaign.withdrawable(supplierA, ETH), 0.3 ether, "ETH advance credited");
        assertEq(campaign.withdrawable(supplierA, address(usdc)), 900e6, "USDC advance credited");
        VM.prank(supplierA);
        campaign.withdraw();
        assertEq(supplierA.balance, 0.3 ether, "the ETH advance left");
        assertEq(usdc.balanceOf(supplierA), 900e6, "the USDC advance left with it");
        VM.prank(vetter);
        registry.suspendSupplier(supplierA, "licence under review");

        VM.recordLogs();
        VM.prank(organizer);
        campaign.cancelOrder(orderId);
        Vm.Log[] memory logs = VM.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            assertTrue(
                logs[i].topics[0] != ICampaign.AdvanceReclaimed.selector,
                "an advance was reclaimed in one token"
            );
        }
        assertEq(campaign.withdrawable(supplierA, address(usdc)), 0, "nothing left to reclaim or hold");
        assertEq(campaign.ledger(ETH).unbacked, 0.3 ether, "the ETH advance stays counted");
        assertEq(campaign.ledger(address(usdc)).unbacked, 900e6, "the USDC advance stays counted");
        assertEq(campaign.ledger(ETH).available, 0.7 ether, "ETH back in the pool: the unpaid 70%");
        assertEq(campaign.ledger(address(usdc)).available, 2_100e6, "USDC back in the pool: the unpaid 70%");

        VM.prank(organizer);
        campaign.close();
        assertEq(campaign.ledger(ETH).unspentAtClose, 0.7 ether, "ETH unspent");
        assertEq(campaign.ledger(address(usdc)).unspentAtClose, 2_100e6, "USDC unspent");
        VM.prank(ethDonor);
        campaign.claimRefund(ETH);
        VM.prank(usdcDonor);
        campaign.claimRefund(address(usdc));
        // 70% each: the same fraction of what each gave.
        assertEq(ethDonor.balance, 0.7 ether, "the ETH donor gets back 70%");
        assertEq(usdc.balanceOf(usdcDonor), 2_100e6, "the USDC donor gets back 70%");

        // Nothing is stuck: the campaign holds nothing more.
        assertEq(usdc.balanceOf(address(campaign)), 0, "nothing left in USDC");
        assertEq(address(campaign).balance, 0, "nothing left in ETH");
    }

    /// @notice The same history without the withdrawal: the advance is still there in every token, so it comes
    /// back in every token and both donors get 100%.
    function test_noWithdrawalBeforeSuspension_reclaimsEveryToken() public {
        VM.prank(organizer);
        uint256 orderId = campaign.createOrder(
            supplierA,
            6_000e18,
            100,
            uint40(block.timestamp + 5 days),
            3_000,
            TERMS
        );
        VM.prank(supplierA);
        campaign.acceptOrder(orderId);
        VM.prank(vetter);
        registry.suspendSupplier(supplierA, "licence under review");

        VM.recordLogs();
        VM.prank(organizer);
        campaign.cancelOrder(orderId);
        Vm.Log[] memory logs = VM.getRecordedLogs();
        uint256 reclaimed;
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] != ICampaign.AdvanceReclaimed.selector) continue;
            address token = address(uint160(uint256(logs[i].topics[3])));
            uint256 amount = abi.decode(logs[i].data, (uint256));
            assertEq(amount, token == ETH ? 0.3 ether : 900e6, "the whole advance is reclaimed");
            ++reclaimed;
        }
        assertEq(reclaimed, 2, "reclaimed in both tokens");
        assertEq(campaign.withdrawable(supplierA, ETH), 0, "ETH advance taken back");
        assertEq(campaign.withdrawable(supplierA, address(usdc)), 0, "USDC advance taken back");

        VM.prank(organizer);
        campaign.close();
        VM.prank(ethDonor);
        campaign.claimRefund(ETH);
        VM.prank(usdcDonor);
        campaign.claimRefund(address(usdc));
        assertEq(ethDonor.balance, 1 ether, "the ETH donor gets back 100%");
        assertEq(usdc.balanceOf(usdcDonor), 3_000e6, "the USDC donor gets back 100%");
    }
}
