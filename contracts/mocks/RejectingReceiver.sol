// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

/// @title RejectingReceiver
/// @notice A donor that cannot take ETH back: `receive` and `fallback` always revert. It makes arbitrary
/// calls as itself (to pledge, claim refunds...). Anyone may drive it.
contract RejectingReceiver {
    using SafeERC20 for IERC20;

    // --- Errors ---

    /// @notice Thrown whenever ETH (or an unknown call) reaches this contract.
    error RejectingReceiverRejected(address sender, uint256 value);

    // --- Receive and fallback ---

    /// @notice Always reverts.
    receive() external payable {
        revert RejectingReceiverRejected(msg.sender, msg.value);
    }

    /// @notice Always reverts.
    fallback() external payable {
        revert RejectingReceiverRejected(msg.sender, msg.value);
    }

    // --- External transactions ---

    /// @notice Calls `target` with `value` wei and `data` as this contract; bubbles any revert data.
    /// ETH sent along with this call is accepted (it is not a plain transfer).
    /// @return result The call's return data.
    function execute(address target, uint256 value, bytes calldata data) external payable returns (bytes memory) {
        (bool success, bytes memory result) = target.call{value: value}(data);
        if (!success) {
            // solhint-disable-next-line no-inline-assembly -- bubbles revert data unchanged
            assembly ("memory-safe") {
                revert(add(result, 0x20), mload(result))
            }
        }
        return result;
    }

    /// @notice Approves `spender` for `amount` of `token` (SafeERC20.forceApprove, so USDT works too).
    function approveToken(IERC20 token, address spender, uint256 amount) external {
        token.forceApprove(spender, amount);
    }
}
