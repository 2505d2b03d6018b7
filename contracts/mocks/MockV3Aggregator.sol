// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AggregatorV3Interface} from "../interfaces/AggregatorV3Interface.sol";

/// @title MockV3Aggregator
/// @notice A Chainlink USD price feed for local chains and tests. ANYONE may update it: it is a test
/// mock and must never be deployed as a real feed.
/// @dev Storage follows Chainlink's OCR aggregators: one packed slot per round
/// (`int192` answer, like OCR, and two `uint32` timestamps, like OCR2's `Transmission`, so that
/// `startedAt` can differ from `updatedAt` without a second slot) plus the latest round id, so
/// `latestRoundData` costs two SLOADs. Timestamps must therefore fit `uint32` (until 2106).
/// Unlike OCR, `getRoundData` reverts for an unknown round, as Chainlink's proxies and Flux
/// aggregators do ("No data present").
contract MockV3Aggregator is AggregatorV3Interface {
    // --- Types ---

    /// @dev One storage slot: 192 + 32 + 32 bits.
    struct Round {
        int192 answer;
        uint32 startedAt;
        uint32 updatedAt;
    }

    // --- Errors ---

    /// @notice Thrown when a round that was never written is read ("No data present").
    error MockV3AggregatorNoDataPresent(uint80 roundId);

    /// @notice Thrown when an answer does not fit the `int192` that Chainlink stores.
    error MockV3AggregatorAnswerOutOfRange(int256 answer);

    /// @notice Thrown when a timestamp does not fit the `uint32` it is stored in.
    error MockV3AggregatorTimestampOutOfRange(uint256 timestamp);

    /// @notice Thrown when round 0 is written: Chainlink rounds start at 1.
    error MockV3AggregatorInvalidRoundId(uint80 roundId);

    // --- Events (Chainlink's AggregatorInterface signatures) ---
    /* solhint-disable gas-indexed-events */

    /// @notice Emitted when the answer of round `roundId` was set.
    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);

    /// @notice Emitted when round `roundId` was started.
    event NewRound(uint256 indexed roundId, address indexed startedBy, uint256 startedAt);
    /* solhint-enable gas-indexed-events */

    // --- Constants and immutables (lower-case: they are the interface's getters) ---
    /* solhint-disable const-name-snakecase, immutable-vars-naming */

    /// @inheritdoc AggregatorV3Interface
    uint256 public constant version = 4;

    /// @inheritdoc AggregatorV3Interface
    uint8 public immutable decimals;
    /* solhint-enable const-name-snakecase, immutable-vars-naming */

    // --- Storage ---

    /// @inheritdoc AggregatorV3Interface
    string public description;

    uint80 private _latestRoundId;
    mapping(uint80 roundId => Round round) private _rounds;
    mapping(uint80 roundId => bool exists) private _roundExists;

    // --- Constructor ---

    /// @notice Creates the feed with round 1 holding `initialAnswer`, updated now.
    /// @param decimals_ The decimals of the answer (8 for Chainlink's USD feeds).
    /// @param initialAnswer The answer of round 1.
    /// @param description_ The description, such as "ETH / USD".
    constructor(uint8 decimals_, int256 initialAnswer, string memory description_) {
        decimals = decimals_;
        description = description_;
        updateAnswer(initialAnswer);
    }

    // --- External views ---

    /// @inheritdoc AggregatorV3Interface
    function getRoundData(
        uint80 _roundId
    )
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        if (!_roundExists[_roundId]) revert MockV3AggregatorNoDataPresent(_roundId);
        Round memory round = _rounds[_roundId];
        return (_roundId, round.answer, round.startedAt, round.updatedAt, _roundId);
    }

    /// @inheritdoc AggregatorV3Interface
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        roundId = _latestRoundId;
        Round memory round = _rounds[roundId];
        return (roundId, round.answer, round.startedAt, round.updatedAt, roundId);
    }

    // --- External transactions ---

    /// @notice Starts a new round (latest + 1) with `answer`, started and updated now. Anyone may call
    /// it (test mock).
    /// @param answer The new price; must fit `int192`.
    function updateAnswer(int256 answer) public {
        uint80 roundId = _latestRoundId + 1;
        _writeRound(roundId, answer, block.timestamp, block.timestamp);
    }

    /// @notice Writes round `roundId` with arbitrary timestamps (stale, future or 0 for an incomplete
    /// round) and makes it the latest round, even if it is lower than the current one (as Chainlink's
    /// own MockV3Aggregator does). Anyone may call it (test mock).
    /// @param roundId The round to write; not 0.
    /// @param answer The price; must fit `int192`.
    /// @param updatedAt The `updatedAt` to report; must fit `uint32`.
    /// @param startedAt The `startedAt` to report; must fit `uint32`.
    function updateRoundData(uint80 roundId, int256 answer, uint256 updatedAt, uint256 startedAt) external {
        if (roundId == 0) revert MockV3AggregatorInvalidRoundId(roundId);
        _writeRound(roundId, answer, updatedAt, startedAt);
    }

    // --- Internal functions ---

    function _writeRound(uint80 roundId, int256 answer, uint256 updatedAt, uint256 startedAt) private {
        if (answer > type(int192).max || answer < type(int192).min) revert MockV3AggregatorAnswerOutOfRange(answer);
        if (updatedAt > type(uint32).max) revert MockV3AggregatorTimestampOutOfRange(updatedAt);
        if (startedAt > type(uint32).max) revert MockV3AggregatorTimestampOutOfRange(startedAt);

        _rounds[roundId] = Round({answer: int192(answer), startedAt: uint32(startedAt), updatedAt: uint32(updatedAt)});
        _roundExists[roundId] = true;
        _latestRoundId = roundId;

        emit NewRound(roundId, msg.sender, startedAt);
        emit AnswerUpdated(answer, roundId, updatedAt);
    }
}
