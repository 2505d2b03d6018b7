// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IRegistry} from "../../contracts/interfaces/IRegistry.sol";
import {MockV3Aggregator} from "../../contracts/mocks/MockV3Aggregator.sol";

import {HandoverFixture} from "./utils/HandoverFixture.sol";
import {MockDecimalsToken} from "../../contracts/mocks/MockDecimalsToken.sol";
import {VM} from "./utils/Vm.sol";
import {WideMath} from "./utils/WideMath.sol";

/// @title RegistryFuzzTest
/// @notice `Registry.usdValue` (and `quotePledge`, which pledges use) against an independent reference:
/// `floor(amount * price * 10^18 / 10^(tokenDecimals + feedDecimals))`, computed exactly in 512 bits one decimal
/// digit at a time. The registry must return exactly that whenever it fits in 256 bits, and revert otherwise.
contract RegistryFuzzTest is HandoverFixture {
    /// @dev The registry lists tokens of at most 24 decimals (`MAX_TOKEN_DECIMALS`) and reads feeds of at most 36.
    uint256 private constant MAX_TOKEN_DECIMALS = 24;
    uint256 private constant MAX_FEED_DECIMALS = 36;

    function setUp() public {
        _deploy();
    }

    /// @dev Token decimals 0..24 and feed decimals 0..36 (everything the registry accepts), amounts and prices
    /// below 2^128.
    function testFuzz_usdValue_matchesReferenceForAnyDecimals(
        uint256 tokenDecimalsSeed,
        uint256 feedDecimalsSeed,
        uint256 amount,
        uint256 price
    ) public {
        uint8 tokenDecimals = uint8(bound(tokenDecimalsSeed, 0, MAX_TOKEN_DECIMALS));
        uint8 feedDecimals = uint8(bound(feedDecimalsSeed, 0, MAX_FEED_DECIMALS));
        amount = bound(amount, 0, type(uint128).max);
        price = bound(price, 1, type(uint128).max);
        _checkUsdValue(tokenDecimals, feedDecimals, amount, price);
    }

    /// @dev The shapes that matter in production: USDC/USDT (6), WBTC (8) and 18-decimal tokens, with Chainlink's
    /// 8-decimal USD feeds and 18-decimal feeds.
    function testFuzz_usdValue_matchesReferenceForCommonDecimals(
        uint256 shapeSeed,
        uint256 amount,
        uint256 price
    ) public {
        uint8[3] memory tokenChoices = [6, 8, 18];
        uint8[2] memory feedChoices = [8, 18];
        uint8 tokenDecimals = tokenChoices[shapeSeed % 3];
        uint8 feedDecimals = feedChoices[(shapeSeed / 3) % 2];
        amount = bound(amount, 0, type(uint128).max);
        price = bound(price, 1, type(uint128).max);
        _checkUsdValue(tokenDecimals, feedDecimals, amount, price);
    }

    /// @dev Any amount (up to 2^256 - 1) and any price the feed can hold (int192): exact when the value fits,
    /// a revert when it does not (never a silently wrapped number).
    function testFuzz_usdValue_exactOrRevertsOverFullRange(
        uint256 tokenDecimalsSeed,
        uint256 feedDecimalsSeed,
        uint256 amount,
        uint256 price
    ) public {
        uint8 tokenDecimals = uint8(bound(tokenDecimalsSeed, 0, MAX_TOKEN_DECIMALS));
        uint8 feedDecimals = uint8(bound(feedDecimalsSeed, 0, MAX_FEED_DECIMALS));
        price = bound(price, 1, uint256(int256(type(int192).max)));
        _checkUsdValue(tokenDecimals, feedDecimals, amount, price);
    }

    /// @dev Prices are refused when not positive, never set (`updatedAt == 0`), older than the token's maximum
    /// staleness or stamped in the future (a round from the future could value a pledge at a price nobody saw);
    /// a price exactly at the staleness limit, or stamped now, is accepted.
    function testFuzz_usdValue_refusesStaleAndNonPositivePrices(int256 answer, uint256 ageSeed, bool future) public {
        answer = answer % type(int192).max; // the mock stores int192; the sign is kept
        MockDecimalsToken token = new MockDecimalsToken(18);
        MockV3Aggregator feed = new MockV3Aggregator(8, 1e8, "TOKEN / USD");
        registry.setAcceptedToken(address(token), address(feed), MAX_STALENESS);
        uint256 age = bound(ageSeed, 0, 2 * uint256(MAX_STALENESS));
        uint256 updatedAt = future ? block.timestamp + age : block.timestamp - age;
        feed.updateRoundData(2, answer, updatedAt, updatedAt);

        if (answer <= 0) {
            VM.expectRevert(
                abi.encodeWithSelector(IRegistry.RegistryNonPositivePrice.selector, address(token), answer)
            );
        } else if (updatedAt > block.timestamp) {
            VM.expectRevert(
                abi.encodeWithSelector(
                    IRegistry.RegistryFuturePrice.selector,
                    address(token),
                    updatedAt,
                    block.timestamp
                )
            );
        } else if (updatedAt == 0 || age > MAX_STALENESS) {
            VM.expectRevert(
                abi.encodeWithSelector(
                    IRegistry.RegistryStalePrice.selector,
                    address(token),
                    updatedAt,
                    uint256(MAX_STALENESS),
                    block.timestamp
                )
            );
        }
        registry.usdValue(address(token), 1e18);
    }

    /// @dev A token with more than 24 decimals is never listed: `10^decimals` units of such a token could make a
    /// book's totals overflow before its USD value did.
    function testFuzz_setAcceptedToken_refusesMoreThan24Decimals(uint256 decimalsSeed) public {
        uint8 decimals = uint8(bound(decimalsSeed, MAX_TOKEN_DECIMALS + 1, type(uint8).max));
        MockDecimalsToken token = new MockDecimalsToken(decimals);
        MockV3Aggregator feed = new MockV3Aggregator(8, 1e8, "TOKEN / USD");
        VM.expectRevert(
            abi.encodeWithSelector(
                IRegistry.RegistryTooManyDecimals.selector,
                address(token),
                uint256(decimals),
                MAX_TOKEN_DECIMALS
            )
        );
        registry.setAcceptedToken(address(token), address(feed), MAX_STALENESS);
        assertTrue(!registry.isAcceptedToken(address(token)), "the token is not listed");
    }

    /// @dev Lists a token with `tokenDecimals` priced at `price` by a feed with `feedDecimals`, then compares
    /// `usdValue` and `quotePledge` with the reference. Returns the value, or `type(uint256).max` when the
    /// registry (correctly) reverted.
    function _checkUsdValue(uint8 tokenDecimals, uint8 feedDecimals, uint256 amount, uint256 price) private {
        MockDecimalsToken token = new MockDecimalsToken(tokenDecimals);
        MockV3Aggregator feed = new MockV3Aggregator(feedDecimals, int256(price), "TOKEN / USD");
        registry.setAcceptedToken(address(token), address(feed), MAX_STALENESS);

        (bool fits, uint256 expected) = _reference(tokenDecimals, feedDecimals, amount, price);
        if (tokenDecimals + uint256(feedDecimals) >= 18 && amount <= type(uint128).max && price <= type(uint128).max) {
            // amount * price < 2^256 and the scale only divides: the registry must never overflow here.
            assertTrue(fits, "reference: at least 18 decimals and factors below 2^128 always fit");
        }

        try registry.usdValue(address(token), amount) returns (uint256 usd) {
            assertTrue(fits, "usdValue returned a value that cannot be represented");
            assertEq(usd, expected, "usdValue differs from the reference");
            _checkIsFloor(usd, tokenDecimals, feedDecimals, amount, price);
            assertEq(registry.quotePledge(address(token), amount), usd, "quotePledge differs from usdValue");
        } catch (bytes memory reason) {
            assertTrue(!fits, string.concat("usdValue reverted on a representable value: ", string(reason)));
        }
    }

    /// @dev floor(amount * price * 10^18 / 10^(tokenDecimals + feedDecimals)), exactly.
    function _reference(
        uint8 tokenDecimals,
        uint8 feedDecimals,
        uint256 amount,
        uint256 price
    ) private pure returns (bool fits, uint256 value) {
        uint256[4] memory wide = WideMath.mul(amount, price);
        wide = WideMath.mulPow10(wide, 18);
        wide = WideMath.divPow10(wide, uint256(tokenDecimals) + feedDecimals);
        return WideMath.toUint256(wide);
    }

    /// @dev A second, independent characterisation of rounding down:
    /// usd * 10^scale <= amount * price * 10^18 < (usd + 1) * 10^scale.
    function _checkIsFloor(
        uint256 usd,
        uint8 tokenDecimals,
        uint8 feedDecimals,
        uint256 amount,
        uint256 price
    ) private pure {
        uint256 scale = uint256(tokenDecimals) + feedDecimals;
        uint256[4] memory exact = WideMath.mulPow10(WideMath.mul(amount, price), 18);
        uint256[4] memory low = WideMath.mulPow10(WideMath.mul(usd, 1), scale);
        uint256[4] memory high = WideMath.mulPow10(WideMath.mul(usd + 1, 1), scale);
        assertTrue(WideMath.lte(low, exact), "usdValue rounds up");
        assertTrue(!WideMath.lte(high, exact), "usdValue loses more than one unit");
    }
}
