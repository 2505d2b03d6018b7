// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ICampaign} from "../interfaces/ICampaign.sol";

/// @title CampaignArgs
/// @notice Packs a campaign's fixed parameters into the immutable arguments appended to its EIP-1167 clone
/// (OpenZeppelin `Clones.cloneWithImmutableArgs`), and reads them back from the clone's own code.
/// @dev Reading a field is one warm `EXTCODECOPY` (~100 gas) instead of a cold `SLOAD` (2,100 gas), and the
/// parameters cost 200 gas a byte of code at creation instead of 20,000 gas a storage slot.
///
/// Layout (byte offsets into the arguments, big-endian, tightly packed):
///
/// | offset | size | field |
/// | --- | --- | --- |
/// | 0 | 20 | organizer |
/// | 20 | 20 | beneficiary |
/// | 40 | 16 | goalUsd |
/// | 56 | 8 | targetUnits |
/// | 64 | 5 | deadline |
/// | 69 | 5 | procurementDeadline |
/// | 74 | 4 | deliveryGracePeriod |
/// | 78 | 2 | maxAdvanceBps |
/// | 80 | 1 | threshold |
/// | 81 | 1 | allOrNothing |
/// | 82 | 1 | token count `t` |
/// | 83 | 1 | verifier count `v` |
/// | 84 | 20·t | tokens |
/// | 84 + 20·t | 20·v | verifiers |
/// | then | 2 + n | unitName (uint16 length, bytes) |
/// | then | 2 + m | metadataURI (uint16 length, bytes) |
library CampaignArgs {
    /// @dev Where the arguments start in a clone's code: after the 45-byte EIP-1167 proxy.
    uint256 private constant CLONE_CODE_SIZE = 0x2d;

    uint256 internal constant ORGANIZER = 0;
    uint256 internal constant BENEFICIARY = 20;
    uint256 internal constant GOAL_USD = 40;
    uint256 internal constant TARGET_UNITS = 56;
    /// @dev One 32-byte word at this offset holds every small field (deadline .. verifier count).
    uint256 internal constant CONFIG = 64;
    uint256 internal constant LISTS = 84;

    uint256 internal constant MAX_TOKENS = 8;
    uint256 internal constant MAX_VERIFIERS = 5;
    uint256 internal constant MAX_TEXT_LENGTH = 1024;

    // ───────────────────────────── encoding (factory) ─────────────────────────────

    /// @notice Packs `organizer_` and `p`. Reverts when a list or text is too long to be packed faithfully.
    function encode(address organizer_, ICampaign.Params calldata p) internal pure returns (bytes memory args) {
        uint256 tokensLength = p.tokens.length;
        uint256 verifiersLength = p.verifiers.length;
        if (tokensLength == 0 || tokensLength > MAX_TOKENS) {
            revert ICampaign.CampaignInvalidTokenCount(tokensLength, MAX_TOKENS);
        }
        if (
            verifiersLength == 0 || verifiersLength > MAX_VERIFIERS || p.threshold == 0 || p.threshold > verifiersLength
        ) {
            revert ICampaign.CampaignInvalidVerifiers(verifiersLength, p.threshold);
        }
        uint256 nameLength = bytes(p.unitName).length;
        uint256 uriLength = bytes(p.metadataURI).length;
        if (nameLength == 0 || nameLength > MAX_TEXT_LENGTH || uriLength == 0 || uriLength > MAX_TEXT_LENGTH) {
            revert ICampaign.CampaignInvalidText(nameLength, uriLength);
        }

        args = abi.encodePacked(
            organizer_,
            p.beneficiary,
            p.goalUsd,
            p.targetUnits,
            p.deadline,
            p.procurementDeadline,
            p.deliveryGracePeriod,
            p.maxAdvanceBps,
            p.threshold,
            p.allOrNothing,
            // Both counts were checked above to fit in a byte.
            uint8(tokensLength),
            uint8(verifiersLength)
        );
        for (uint256 i; i < tokensLength; ++i) {
            args = bytes.concat(args, bytes20(p.tokens[i]));
        }
        for (uint256 i; i < verifiersLength; ++i) {
            args = bytes.concat(args, bytes20(p.verifiers[i]));
        }
        // Both lengths were checked above to fit in 16 bits.
        args = bytes.concat(args, bytes2(uint16(nameLength)), bytes(p.unitName));
        args = bytes.concat(args, bytes2(uint16(uriLength)), bytes(p.metadataURI));
    }

    // ───────────────────────────── reading (clone) ─────────────────────────────

    /// @notice The 32 bytes of arguments starting at `offset`, read from this clone's code.
    function word(uint256 offset) internal view returns (uint256 value) {
        // EXTCODECOPY of our own code has no Solidity form.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            extcodecopy(address(), 0x00, add(CLONE_CODE_SIZE, offset), 0x20)
            value := mload(0x00)
        }
    }

    /// @notice The address stored at `offset`.
    function addressAt(uint256 offset) internal view returns (address) {
        return address(uint160(word(offset) >> 96));
    }

    /// @notice `length` bytes of arguments starting at `offset`.
    function bytesAt(uint256 offset, uint256 length) internal view returns (bytes memory result) {
        result = new bytes(length);
        // EXTCODECOPY of our own code has no Solidity form.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            extcodecopy(address(), add(result, 0x20), add(CLONE_CODE_SIZE, offset), length)
        }
    }

    /// @notice The organizer.
    function organizer() internal view returns (address) {
        return addressAt(ORGANIZER);
    }

    /// @notice The goal in USD with 18 decimals.
    function goalUsd() internal view returns (uint256) {
        return word(GOAL_USD) >> 128;
    }

    /// @notice The word holding every small field; decode it with the functions below.
    function config() internal view returns (uint256) {
        return word(CONFIG);
    }

    function deadline(uint256 cfg) internal pure returns (uint256) {
        return uint40(cfg >> 216);
    }

    function procurementDeadline(uint256 cfg) internal pure returns (uint256) {
        return uint40(cfg >> 176);
    }

    function deliveryGracePeriod(uint256 cfg) internal pure returns (uint256) {
        return uint32(cfg >> 144);
    }

    function maxAdvanceBps(uint256 cfg) internal pure returns (uint256) {
        return uint16(cfg >> 128);
    }

    function threshold(uint256 cfg) internal pure returns (uint256) {
        return uint8(cfg >> 120);
    }

    function allOrNothing(uint256 cfg) internal pure returns (bool) {
        return uint8(cfg >> 112) != 0;
    }

    function tokenCount(uint256 cfg) internal pure returns (uint256) {
        return uint8(cfg >> 104);
    }

    function verifierCount(uint256 cfg) internal pure returns (uint256) {
        return uint8(cfg >> 96);
    }

    /// @notice The `index`-th accepted token.
    function tokenAt(uint256 index) internal view returns (address) {
        return addressAt(LISTS + 20 * index);
    }

    /// @notice The `index`-th verifier.
    function verifierAt(uint256 cfg, uint256 index) internal view returns (address) {
        return addressAt(LISTS + 20 * (tokenCount(cfg) + index));
    }

    /// @notice Where the position of `token` in the token list is, or `found == false`.
    function indexOfToken(uint256 cfg, address token) internal view returns (bool found, uint256 index) {
        uint256 count = tokenCount(cfg);
        for (; index < count; ++index) {
            if (tokenAt(index) == token) return (true, index);
        }
    }

    /// @notice Where the position of `account` in the verifier list is, or `found == false`.
    function indexOfVerifier(uint256 cfg, address account) internal view returns (bool found, uint256 index) {
        uint256 start = LISTS + 20 * tokenCount(cfg);
        uint256 count = verifierCount(cfg);
        for (; index < count; ++index) {
            if (addressAt(start + 20 * index) == account) return (true, index);
        }
    }

    /// @notice Decodes every parameter (for views; not for hot paths).
    function decode() internal view returns (address organizer_, ICampaign.Params memory p) {
        uint256 cfg = config();
        organizer_ = organizer();
        p.beneficiary = addressAt(BENEFICIARY);
        p.goalUsd = uint128(word(GOAL_USD) >> 128);
        p.targetUnits = uint64(word(TARGET_UNITS) >> 192);
        p.deadline = uint40(deadline(cfg));
        p.procurementDeadline = uint40(procurementDeadline(cfg));
        p.deliveryGracePeriod = uint32(deliveryGracePeriod(cfg));
        p.maxAdvanceBps = uint16(maxAdvanceBps(cfg));
        p.threshold = uint8(threshold(cfg));
        p.allOrNothing = allOrNothing(cfg);
        uint256 tokens = tokenCount(cfg);
        uint256 verifiers = verifierCount(cfg);
        p.tokens = new address[](tokens);
        for (uint256 i; i < tokens; ++i) {
            p.tokens[i] = tokenAt(i);
        }
        p.verifiers = new address[](verifiers);
        for (uint256 i; i < verifiers; ++i) {
            p.verifiers[i] = verifierAt(cfg, i);
        }
        uint256 offset = LISTS + 20 * (tokens + verifiers);
        uint256 length = word(offset) >> 240;
        p.unitName = string(bytesAt(offset + 2, length));
        offset += 2 + length;
        length = word(offset) >> 240;
        p.metadataURI = string(bytesAt(offset + 2, length));
    }
}
