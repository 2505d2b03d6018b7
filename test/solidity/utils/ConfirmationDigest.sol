// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title ConfirmationDigest
/// @notice The EIP-712 digest a verifier signs, computed from the specification rather than by the campaign:
/// domain `("Handover Campaign", "2", chainId, the clone's own address)`, type
/// `ConfirmDelivery(uint256 orderId,address supplier,bytes32 termsHash,uint64 unitsDelivered,bytes32 evidenceHash,
/// address verifier,uint256 nonce,uint256 deadline)`.
library ConfirmationDigest {
    bytes32 internal constant DOMAIN_TYPEHASH = keccak256(
        "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
    );
    bytes32 internal constant CONFIRM_DELIVERY_TYPEHASH = keccak256(
        "ConfirmDelivery(uint256 orderId,address supplier,bytes32 termsHash,uint64 unitsDelivered,bytes32 evidenceHash,address verifier,uint256 nonce,uint256 deadline)"
    );

    /// @dev What one signature covers besides the campaign: the order and its terms, the quantity and evidence,
    /// the verifier, its nonce and the deadline.
    struct Confirmation {
        uint256 orderId;
        address supplier;
        bytes32 termsHash;
        uint64 unitsDelivered;
        bytes32 evidenceHash;
        address verifier;
        uint256 nonce;
        uint256 deadline;
    }

    function domainSeparator(address campaign) internal view returns (bytes32) {
        return
            keccak256(
                abi.encode(DOMAIN_TYPEHASH, keccak256("Handover Campaign"), keccak256("2"), block.chainid, campaign)
            );
    }

    function compute(address campaign, Confirmation memory c) internal view returns (bytes32) {
        bytes32 structHash = keccak256(
            abi.encode(
                CONFIRM_DELIVERY_TYPEHASH,
                c.orderId,
                c.supplier,
                c.termsHash,
                c.unitsDelivered,
                c.evidenceHash,
                c.verifier,
                c.nonce,
                c.deadline
            )
        );
        return keccak256(abi.encodePacked("\x19\x01", domainSeparator(campaign), structHash));
    }
}
