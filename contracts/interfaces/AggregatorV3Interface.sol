// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

// Chainlink's name is kept, hence no I prefix.
// solhint-disable interface-starts-with-i
/// @title AggregatorV3Interface
/// @notice Chainlink's price feed interface, declared here with Chainlink's exact signatures so that
/// the project does not depend on Chainlink's package.
interface AggregatorV3Interface {
    /// @notice The number of decimals of `answer`.
    function decimals() external view returns (uint8);

    /// @notice A human-readable description of the feed, such as "ETH / USD".
    function description() external view returns (string memory);

    /// @notice The version of the aggregator behind the feed.
    function version() external view returns (uint256);

    /// @notice The data of round `_roundId`.
    /// @param _roundId The round to read.
    /// @return roundId The round read.
    /// @return answer The price.
    /// @return startedAt When the round started.
    /// @return updatedAt When the answer was last updated; 0 for an incomplete round.
    /// @return answeredInRound The round in which the answer was computed.
    function getRoundData(
        uint80 _roundId
    )
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);

    /// @notice The data of the latest round.
    /// @return roundId The latest round.
    /// @return answer The price.
    /// @return startedAt When the round started.
    /// @return updatedAt When the answer was last updated; 0 for an incomplete round.
    /// @return answeredInRound The round in which the answer was computed.
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);
}
