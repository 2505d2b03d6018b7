// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

/// @title ReentrantReceiver
/// @notice An attacker account: it makes arbitrary calls as itself, and once armed, re-enters `target`
/// with `data` when it receives ETH. The reentry's outcome is recorded and either swallowed (default,
/// so the outer payment goes on) or bubbled (so the outer payment fails). Anyone may drive it.
contract ReentrantReceiver {
    using SafeERC20 for IERC20;

    // --- Events ---

    /// @notice Emitted when the receiver was armed to call `target` with `data`.
    event Armed(address indexed target, bytes data);

    /// @notice Emitted when the reentrant call was made, with its outcome.
    // solhint-disable-next-line gas-indexed-events -- a test reads it, nobody filters on it
    event Reentered(address indexed target, bool success, bytes returnOrRevertData);

    /// @notice Emitted when ETH was received.
    // solhint-disable-next-line gas-indexed-events -- a test reads it, nobody filters on it
    event Received(address indexed from, uint256 value);

    // --- Storage ---

    /// @notice Whether the next ETH receipt makes the reentrant call.
    bool public armed;

    /// @notice Whether a failed reentrant call makes `receive` revert with its revert data.
    bool public bubbleReentryFailure;

    /// @notice Whether the last reentrant call succeeded.
    bool public lastReentrySucceeded;

    /// @notice How many reentrant calls were made.
    uint256 public reentryCount;

    address private _target;
    bytes private _data;
    bytes private _lastReentryRevertData;

    // --- Receive ---

    /// @notice Accepts ETH; when armed, first re-enters `target` once (see `arm`).
    // solhint-disable-next-line no-complex-fallback -- reentering from `receive` is the point of this mock
    receive() external payable {
        emit Received(msg.sender, msg.value);
        if (!armed) return;
        armed = false;
        ++reentryCount;
        address target = _target;
        // solhint-disable-next-line avoid-low-level-calls -- the reentrant call is the point of this mock
        (bool success, bytes memory result) = target.call(_data);
        lastReentrySucceeded = success;
        _lastReentryRevertData = success ? bytes("") : result;
        emit Reentered(target, success, result);
        if (!success && bubbleReentryFailure) _bubble(result);
    }

    // --- External views ---

    /// @notice The revert data of the last reentrant call; empty if it succeeded.
    function lastReentryRevertData() external view returns (bytes memory) {
        return _lastReentryRevertData;
    }

    // --- External transactions ---

    /// @notice Calls `target` with `value` wei and `data` as this contract; bubbles any revert data.
    /// @return result The call's return data.
    function execute(address target, uint256 value, bytes calldata data) external payable returns (bytes memory) {
        (bool success, bytes memory result) = target.call{value: value}(data);
        if (!success) _bubble(result);
        return result;
    }

    /// @notice Approves `spender` for `amount` of `token` (SafeERC20.forceApprove, so USDT works too).
    function approveToken(IERC20 token, address spender, uint256 amount) external {
        token.forceApprove(spender, amount);
    }

    /// @notice Arms the receiver: the next ETH it receives makes it call `target` with `data` once.
    function arm(address target, bytes calldata data) external {
        armed = true;
        _target = target;
        _data = data;
        emit Armed(target, data);
    }

    /// @notice Disarms the receiver without making the call.
    function disarm() external {
        armed = false;
    }

    /// @notice Whether a failed reentry makes `receive` revert with the same data (`true`) or is
    /// swallowed (`false`, the default).
    function setBubbleReentryFailure(bool bubble) external {
        bubbleReentryFailure = bubble;
    }

    // --- Internal functions ---

    function _bubble(bytes memory revertData) private pure {
        // solhint-disable-next-line no-inline-assembly -- bubbles revert data unchanged
        assembly ("memory-safe") {
            revert(add(revertData, 0x20), mload(revertData))
        }
    }
}
