// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";

/// @title MockSafe
/// @notice A k-of-n contract wallet that signs the way a Safe does (Safe 1.4 with its compatibility fallback
/// handler), for testing verifiers that are contract wallets (a Safe held by WAHO or a UN office):
/// - ERC-1271 `isValidSignature(hash, signatures)` does not check signatures of `hash` itself but of the Safe's
///   own EIP-712 `SafeMessage(bytes message)` wrapping `abi.encode(hash)`, in the domain (chainId, safe);
/// - `signatures` is the owners' 65-byte ECDSA signatures concatenated in ascending order of owner address.
/// Transactions are executed by any owner (`execute`), standing in for a Safe transaction its owners approved.
contract MockSafe is IERC1271 {
    bytes32 private constant DOMAIN_TYPEHASH = keccak256("EIP712Domain(uint256 chainId,address verifyingContract)");
    bytes32 private constant SAFE_MSG_TYPEHASH = keccak256("SafeMessage(bytes message)");

    mapping(address account => bool) public isOwner;
    uint256 public immutable threshold;

    error MockSafeNotOwner(address caller);

    constructor(address[] memory owners, uint256 threshold_) {
        for (uint256 i; i < owners.length; ++i) isOwner[owners[i]] = true;
        threshold = threshold_;
    }

    /// @notice The hash the owners sign for an ERC-1271 check of `hash`.
    function getMessageHashForSafe(bytes32 hash) public view returns (bytes32) {
        bytes32 domainSeparator = keccak256(abi.encode(DOMAIN_TYPEHASH, block.chainid, address(this)));
        bytes32 safeMessageHash = keccak256(abi.encode(SAFE_MSG_TYPEHASH, keccak256(abi.encode(hash))));
        return MessageHashUtils.toTypedDataHash(domainSeparator, safeMessageHash);
    }

    /// @inheritdoc IERC1271
    function isValidSignature(bytes32 hash, bytes memory signatures) external view override returns (bytes4) {
        if (signatures.length != threshold * 65) return bytes4(0xffffffff);
        bytes32 messageHash = getMessageHashForSafe(hash);
        address last;
        for (uint256 i; i < threshold; ++i) {
            bytes memory signature = new bytes(65);
            for (uint256 j; j < 65; ++j) signature[j] = signatures[i * 65 + j];
            (address owner, ECDSA.RecoverError error, ) = ECDSA.tryRecover(messageHash, signature);
            if (error != ECDSA.RecoverError.NoError || !isOwner[owner] || owner <= last) return bytes4(0xffffffff);
            last = owner;
        }
        return IERC1271.isValidSignature.selector;
    }

    /// @notice Calls `target` with `data` as the wallet. Only an owner.
    function execute(address target, bytes calldata data) external returns (bytes memory) {
        if (!isOwner[msg.sender]) revert MockSafeNotOwner(msg.sender);
        return Address.functionCall(target, data);
    }
}
