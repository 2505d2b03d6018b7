import { expect } from "chai";
import { network } from "hardhat";

const { ethers, networkHelpers } = await network.create();

describe("Mocks", function () {
  describe("MockUSDT", function () {
    it("returns no data from transfer, yet moves the tokens", async function () {
      const [holder, recipient] = await ethers.getSigners();
      const usdt = await ethers.deployContract("MockUSDT");
      await usdt.mint(holder.address, 1_000_000n);

      const data = usdt.interface.encodeFunctionData("transfer", [recipient.address, 400_000n]);
      const returned = await ethers.provider.call({
        from: holder.address,
        to: await usdt.getAddress(),
        data,
      });
      expect(ethers.dataLength(returned)).to.equal(0);

      await expect(
        holder.sendTransaction({ to: await usdt.getAddress(), data }),
      ).to.changeTokenBalances(ethers, usdt, [holder, recipient], [-400_000n, 400_000n]);
    });

    it("refuses a non-zero approval over a non-zero allowance (Tether's rule)", async function () {
      const [holder, spender] = await ethers.getSigners();
      const usdt = await ethers.deployContract("MockUSDT");
      await usdt.approve(spender.address, 5n);

      await expect(usdt.approve(spender.address, 7n))
        .to.be.revertedWithCustomError(usdt, "MockUSDTApproveFromNonZero")
        .withArgs(holder.address, spender.address, 5n);
      await usdt.approve(spender.address, 0n);
      await usdt.approve(spender.address, 7n);
      expect(await usdt.allowance(holder.address, spender.address)).to.equal(7n);
    });
  });

  describe("MockUSDC", function () {
    it("accepts an EIP-2612 permit", async function () {
      const [owner, spender] = await ethers.getSigners();
      const usdc = await ethers.deployContract("MockUSDC");
      const deadline = BigInt(await networkHelpers.time.latest()) + 3_600n;
      const { chainId } = await ethers.provider.getNetwork();

      const signature = ethers.Signature.from(
        await owner.signTypedData(
          {
            name: "USD Coin (mock)",
            version: "1",
            chainId,
            verifyingContract: await usdc.getAddress(),
          },
          {
            Permit: [
              { name: "owner", type: "address" },
              { name: "spender", type: "address" },
              { name: "value", type: "uint256" },
              { name: "nonce", type: "uint256" },
              { name: "deadline", type: "uint256" },
            ],
          },
          { owner: owner.address, spender: spender.address, value: 123_456n, nonce: 0n, deadline },
        ),
      );
      await usdc
        .connect(spender)
        .permit(
          owner.address,
          spender.address,
          123_456n,
          deadline,
          signature.v,
          signature.r,
          signature.s,
        );

      expect(await usdc.allowance(owner.address, spender.address)).to.equal(123_456n);
      expect(await usdc.nonces(owner.address)).to.equal(1n);
      expect(await usdc.decimals()).to.equal(6n);
    });

    it("refuses transfers to a blocklisted address", async function () {
      const [owner, blocked] = await ethers.getSigners();
      const usdc = await ethers.deployContract("MockUSDC");
      await usdc.mint(owner.address, 10n);
      await usdc.blocklist(blocked.address);

      await expect(usdc.transfer(blocked.address, 1n))
        .to.be.revertedWithCustomError(usdc, "MockUSDCBlocklisted")
        .withArgs(blocked.address);
    });
  });

  describe("MockFeeOnTransferToken", function () {
    it("credits the recipient less than the amount sent and burns the fee", async function () {
      const [sender, recipient] = await ethers.getSigners();
      const token = await ethers.deployContract("MockFeeOnTransferToken", [100n]); // 1%
      await token.mint(sender.address, 10_000n);

      await expect(token.transfer(recipient.address, 1_000n)).to.changeTokenBalances(
        ethers,
        token,
        [sender, recipient],
        [-1_000n, 990n],
      );
      expect(await token.totalSupply()).to.equal(9_990n);
    });
  });

  describe("MockV3Aggregator", function () {
    it("keeps round data, stale timestamps included, and refuses unknown rounds", async function () {
      const feed = await ethers.deployContract("MockV3Aggregator", [
        8,
        3_000_00000000n,
        "ETH / USD",
      ]);
      const [roundId, answer, , updatedAt, answeredInRound] = await feed.latestRoundData();
      expect([roundId, answer, answeredInRound]).to.deep.equal([1n, 3_000_00000000n, 1n]);
      expect(updatedAt).to.equal(BigInt(await networkHelpers.time.latest()));

      await feed.updateAnswer(3_100_00000000n);
      expect((await feed.latestRoundData())[0]).to.equal(2n);

      await feed.updateRoundData(7n, 2_900_00000000n, 0n, 5n);
      expect(await feed.latestRoundData()).to.deep.equal([7n, 2_900_00000000n, 5n, 0n, 7n]);
      expect((await feed.getRoundData(1n))[1]).to.equal(3_000_00000000n);

      await expect(feed.getRoundData(3n))
        .to.be.revertedWithCustomError(feed, "MockV3AggregatorNoDataPresent")
        .withArgs(3n);
      await expect(feed.updateAnswer(2n ** 191n)).to.be.revertedWithCustomError(
        feed,
        "MockV3AggregatorAnswerOutOfRange",
      );
      await expect(feed.updateRoundData(0n, 1n, 1n, 1n))
        .to.be.revertedWithCustomError(feed, "MockV3AggregatorInvalidRoundId")
        .withArgs(0n);
      for (const [updatedAt, startedAt] of [
        [2n ** 32n, 1n],
        [1n, 2n ** 32n],
      ]) {
        await expect(feed.updateRoundData(8n, 1n, updatedAt, startedAt))
          .to.be.revertedWithCustomError(feed, "MockV3AggregatorTimestampOutOfRange")
          .withArgs(2n ** 32n);
      }
    });
  });

  describe("MockSafe", function () {
    /** A 2-of-3 Safe with random owners, sorted by address as a Safe expects its signatures. */
    async function safeOf(threshold: bigint) {
      const owners = [0, 1, 2]
        .map(() => ethers.Wallet.createRandom())
        .sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
      const safe = await ethers.deployContract("MockSafe", [
        owners.map((o) => o.address),
        threshold,
      ]);
      return { safe, owners };
    }

    it("validates k owners' signatures of its own SafeMessage hash, in owner order (ERC-1271)", async function () {
      const { safe, owners } = await safeOf(2n);
      const hash = ethers.id("a confirmation digest");
      const messageHash = await safe.getMessageHashForSafe(hash);
      // The Safe's EIP-712 message: SafeMessage(bytes message) in the domain (chainId, safe).
      const { chainId } = await ethers.provider.getNetwork();
      expect(messageHash).to.equal(
        ethers.TypedDataEncoder.hash(
          { chainId, verifyingContract: await safe.getAddress() },
          { SafeMessage: [{ name: "message", type: "bytes" }] },
          { message: ethers.AbiCoder.defaultAbiCoder().encode(["bytes32"], [hash]) },
        ),
      );
      const sign = (...signers: typeof owners) =>
        ethers.concat(signers.map((o) => o.signingKey.sign(messageHash).serialized));
      const MAGIC = "0x1626ba7e";
      const INVALID = "0xffffffff";
      expect(await safe.isValidSignature(hash, sign(owners[0], owners[2]))).to.equal(MAGIC);
      expect(await safe.isValidSignature(hash, sign(owners[2], owners[0]))).to.equal(INVALID);
      expect(await safe.isValidSignature(hash, sign(owners[0]))).to.equal(INVALID);
      expect(await safe.isValidSignature(hash, sign(owners[0], owners[0]))).to.equal(INVALID);
      const stranger = ethers.Wallet.createRandom();
      const withStranger = ethers.concat(
        [owners[0], stranger]
          .sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1))
          .map((o) => o.signingKey.sign(messageHash).serialized),
      );
      expect(await safe.isValidSignature(hash, withStranger)).to.equal(INVALID);
      // 130 bytes that are not signatures at all.
      expect(await safe.isValidSignature(hash, "0x" + "00".repeat(130))).to.equal(INVALID);
    });

    it("executes calls for an owner only", async function () {
      const [, stranger] = await ethers.getSigners();
      const { safe, owners } = await safeOf(1n);
      const usdc = await ethers.deployContract("MockUSDC");
      const owner = owners[1].connect(ethers.provider);
      await stranger.sendTransaction({ to: owner.address, value: ethers.parseEther("1") });
      const call = usdc.interface.encodeFunctionData("approve", [stranger.address, 5n]);
      await expect(safe.connect(stranger).execute(await usdc.getAddress(), call))
        .to.be.revertedWithCustomError(safe, "MockSafeNotOwner")
        .withArgs(stranger.address);
      await safe.connect(owner).execute(await usdc.getAddress(), call);
      expect(await usdc.allowance(await safe.getAddress(), stranger.address)).to.equal(5n);
      expect(await safe.threshold()).to.equal(1n);
    });
  });

  describe("MockDecimalsToken", function () {
    it("reports the decimals it was deployed with and lets anyone mint", async function () {
      const [holder] = await ethers.getSigners();
      for (const decimals of [0n, 24n, 255n]) {
        const token = await ethers.deployContract("MockDecimalsToken", [decimals]);
        expect(await token.decimals()).to.equal(decimals);
        await token.mint(holder.address, 7n);
        expect(await token.balanceOf(holder.address)).to.equal(7n);
      }
    });
  });

  describe("RejectingReceiver", function () {
    it("rejects plain ETH but can be forced to hold some", async function () {
      const [sender] = await ethers.getSigners();
      const receiver = await ethers.deployContract("RejectingReceiver");
      const receiverAddress = await receiver.getAddress();

      await expect(sender.sendTransaction({ to: receiverAddress, value: 1n }))
        .to.be.revertedWithCustomError(receiver, "RejectingReceiverRejected")
        .withArgs(sender.address, 1n);

      await ethers.deployContract("ForceSender", [receiverAddress], { value: 5n });
      const forceSender = await ethers.deployContract("ForceSender", [ethers.ZeroAddress]);
      await forceSender.forceSend(receiverAddress, { value: 2n });
      expect(await ethers.provider.getBalance(receiverAddress)).to.equal(7n);
    });
  });

  describe("ReentrantToken", function () {
    it("records a failed reentry without failing the transfer", async function () {
      const [holder, recipient, stranger] = await ethers.getSigners();
      const token = await ethers.deployContract("ReentrantToken");
      const usdc = await ethers.deployContract("MockUSDC");
      await token.mint(holder.address, 10n);
      // Only USDC's owner may blocklist, so this reentrant call (made by the token) fails.
      await token.arm(
        await usdc.getAddress(),
        usdc.interface.encodeFunctionData("blocklist", [stranger.address]),
      );

      await expect(token.transfer(recipient.address, 10n)).to.changeTokenBalances(
        ethers,
        token,
        [holder, recipient],
        [-10n, 10n],
      );
      expect(await token.lastReentrySucceeded()).to.equal(false);
      expect(usdc.interface.parseError(await token.lastReentryRevertData())?.name).to.equal(
        "OwnableUnauthorizedAccount",
      );
      expect(await token.armed()).to.equal(false);
    });
  });

  describe("ReentrantReceiver", function () {
    it("swallows a failed reentry on receiving ETH, or bubbles it when told to", async function () {
      const [sender] = await ethers.getSigners();
      const attacker = await ethers.deployContract("ReentrantReceiver");
      const rejecting = await ethers.deployContract("RejectingReceiver");
      const attackerAddress = await attacker.getAddress();

      await attacker.arm(await rejecting.getAddress(), "0x12345678");
      await expect(
        sender.sendTransaction({ to: attackerAddress, value: 3n }),
      ).to.changeEtherBalance(ethers, attackerAddress, 3n);
      expect(await attacker.lastReentrySucceeded()).to.equal(false);
      expect(rejecting.interface.parseError(await attacker.lastReentryRevertData())?.name).to.equal(
        "RejectingReceiverRejected",
      );

      await attacker.arm(await rejecting.getAddress(), "0x12345678");
      await attacker.setBubbleReentryFailure(true);
      await expect(sender.sendTransaction({ to: attackerAddress, value: 3n }))
        .to.be.revertedWithCustomError(rejecting, "RejectingReceiverRejected")
        .withArgs(attackerAddress, 0n);
    });
  });
});
