// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @notice Chainlink AggregatorV3Interface stand-in for the devnet. Anyone may set rounds: it is a test
/// fixture, and tests need to make feeds stale, negative or out of order from whichever account they use.
contract MockAggregatorV3 {
    struct Round {
        int256 answer;
        uint256 startedAt;
        uint256 updatedAt;
        uint80 answeredInRound;
        bool exists;
    }

    uint8 public immutable decimals;
    string public description;
    uint256 public constant version = 4;

    uint80 public latestRound;
    mapping(uint80 => Round) private rounds;

    // The events Chainlink aggregators emit (AggregatorInterface), so log readers see familiar shapes.
    event AnswerUpdated(int256 indexed current, uint256 indexed roundId, uint256 updatedAt);
    event NewRound(uint256 indexed roundId, address indexed startedBy, uint256 startedAt);

    constructor(uint8 decimals_, string memory description_) {
        decimals = decimals_;
        description = description_;
    }

    function getRoundData(uint80 roundId)
        public
        view
        returns (uint80, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        Round storage round = rounds[roundId];
        require(round.exists, "No data present");
        return (roundId, round.answer, round.startedAt, round.updatedAt, round.answeredInRound);
    }

    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        return getRoundData(latestRound);
    }

    /// @notice Writes a round verbatim and makes it the latest one, whatever its id (tests use this for
    /// stale, incomplete or carried-over rounds).
    function setRoundData(uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
        public
    {
        rounds[roundId] = Round(answer, startedAt, updatedAt, answeredInRound, true);
        latestRound = roundId;
        emit NewRound(roundId, msg.sender, startedAt);
        emit AnswerUpdated(answer, roundId, updatedAt);
    }

    /// @notice Starts the next round with this answer, stamped with the current block time.
    function updateAnswer(int256 answer) external {
        uint80 roundId = latestRound + 1;
        setRoundData(roundId, answer, block.timestamp, block.timestamp, roundId);
    }
}
