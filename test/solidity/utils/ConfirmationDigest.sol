// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title ConfirmationDigest
/// @notice The EIP-712 digest a verifier signs, computed from the specification rather than by the campaign:
/// domain `("Handover Campaign", "1", chainId, the clone's own address)`, type
/// `ConfirmDelivery(uint256 orderId,uint64 unitsDelivered,bytes32 evidenceHash)`.
library ConfirmationDigest {
    bytes32 internal constant DOMAIN_TYPEHASH = keccak256(
        "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
    );
    bytes32 internal constant CONFIRM_DELIVERY_TYPEHASH = keccak256(
        "ConfirmDelivery(uint256 orderId,uint64 unitsDelivered,bytes32 evidenceHash)"
    );

    function compute(
        address campaign,
        uint256 orderId,
        uint64 unitsDelivered,
        bytes32 evidenceHash
    ) internal view returns (bytes32) {
        bytes32 domainSeparator = keccak256(
            abi.encode(DOMAIN_TYPEHASH, keccak256("Handover Campaign"), keccak256("1"), block.chainid, campaign)
        );
        bytes32 structHash = keccak256(abi.encode(CONFIRM_DELIVERY_TYPEHASH, orderId, unitsDelivered, evidenceHash));
        return keccak256(abi.encodePacked("\x19\x01", domainSeparator, structHash));
    }
}
