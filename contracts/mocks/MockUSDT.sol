// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title MockUSDT
/// @notice A local stand-in for Tether's USDT with its quirks: 6 decimals; `transfer`, `transferFrom`
/// and `approve` return NOTHING (callers that expect a bool revert unless they use SafeERC20);
/// approving a non-zero amount while the allowance is non-zero reverts; an allowance of
/// `type(uint256).max` is never decreased. Anyone may mint (local faucet).
/// @dev Written standalone on purpose: OpenZeppelin's ERC20 returns bool. Like Tether, transfers to
/// the zero address are not refused.
contract MockUSDT {
    // --- Errors ---

    /// @notice Thrown when `account` holds `balance`, less than the `needed` amount.
    error MockUSDTInsufficientBalance(address account, uint256 balance, uint256 needed);

    /// @notice Thrown when `spender` may spend `allowance` of `owner`'s tokens, less than `needed`.
    error MockUSDTInsufficientAllowance(address owner, address spender, uint256 allowance, uint256 needed);

    /// @notice Thrown when a non-zero approval is made while the allowance is non-zero (Tether's rule:
    /// set it to 0 first).
    error MockUSDTApproveFromNonZero(address owner, address spender, uint256 currentAllowance);

    // --- Events ---

    /// @notice Emitted when `value` tokens moved from `from` to `to`.
    // solhint-disable-next-line gas-indexed-events -- the standard ERC-20 signature
    event Transfer(address indexed from, address indexed to, uint256 value);

    /// @notice Emitted when `owner` allowed `spender` to spend `value` tokens.
    // solhint-disable-next-line gas-indexed-events -- the standard ERC-20 signature
    event Approval(address indexed owner, address indexed spender, uint256 value);

    // --- Constants (lower-case: they are the ERC-20 getters) ---
    /* solhint-disable const-name-snakecase */

    /// @notice The token's name.
    string public constant name = "Tether USD (mock)";

    /// @notice The token's symbol.
    string public constant symbol = "USDT";

    /// @notice The token's decimals (Tether declares it `uint256`; the ABI encoding is the same).
    uint8 public constant decimals = 6;
    /* solhint-enable const-name-snakecase */

    // --- Storage ---

    /// @notice The total supply.
    uint256 public totalSupply;

    /// @notice The balance of each account.
    mapping(address account => uint256 balance) public balanceOf;

    /// @notice What `spender` may spend of `owner`'s tokens.
    mapping(address owner => mapping(address spender => uint256 amount)) public allowance;

    // --- External transactions ---

    /// @notice Mints `amount` to `to`. Anyone may call it (local faucet).
    function mint(address to, uint256 amount) external {
        totalSupply += amount;
        // Cannot overflow: a balance never exceeds totalSupply, which was just checked.
        unchecked {
            balanceOf[to] += amount;
        }
        emit Transfer(address(0), to, amount);
    }

    /// @notice Moves `value` from the caller to `to`. Returns nothing (Tether's quirk).
    function transfer(address to, uint256 value) external {
        _transfer(msg.sender, to, value);
    }

    /// @notice Moves `value` from `from` to `to` using the caller's allowance, which is not decreased
    /// when it is `type(uint256).max`. Returns nothing (Tether's quirk).
    function transferFrom(address from, address to, uint256 value) external {
        uint256 allowed = allowance[from][msg.sender];
        if (allowed < type(uint256).max) {
            if (allowed < value) revert MockUSDTInsufficientAllowance(from, msg.sender, allowed, value);
            // Cannot underflow: checked just above.
            unchecked {
                allowance[from][msg.sender] = allowed - value;
            }
        }
        _transfer(from, to, value);
    }

    /// @notice Allows `spender` to spend `value` of the caller's tokens. Reverts when both `value` and
    /// the current allowance are non-zero (Tether's rule). Returns nothing (Tether's quirk).
    function approve(address spender, uint256 value) external {
        uint256 current = allowance[msg.sender][spender];
        if (value != 0 && current != 0) revert MockUSDTApproveFromNonZero(msg.sender, spender, current);
        allowance[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
    }

    // --- Internal functions ---

    function _transfer(address from, address to, uint256 value) private {
        uint256 balance = balanceOf[from];
        if (balance < value) revert MockUSDTInsufficientBalance(from, balance, value);
        // Cannot underflow: checked just above. Cannot overflow: the sum of balances is totalSupply.
        unchecked {
            balanceOf[from] = balance - value;
            balanceOf[to] += value;
        }
        emit Transfer(from, to, value);
    }
}
