/**
 * The peer `npm run gas` compares Handover's donor operations with (contracts/peer/PeerRefundSale.sol,
 * OpenZeppelin 4.9's RefundEscrow behind a minimal sale): it must really hold each donor's deposit and
 * give back exactly that, or the ratios in reports/gas.md compare against something that does less.
 */
import { expect } from "chai";
import { Contract, parseEther } from "ethers";
import { network } from "hardhat";

const { ethers } = await network.create();

/** RefundEscrow's views and events (the npm dependency's artifact is not emitted by the build). */
const ESCROW_ABI = [
  "function owner() view returns (address)",
  "function state() view returns (uint8)",
  "function beneficiary() view returns (address)",
  "function depositsOf(address payee) view returns (uint256)",
  "event Deposited(address indexed payee, uint256 weiAmount)",
  "event Withdrawn(address indexed payee, uint256 weiAmount)",
  "event RefundsEnabled()",
];
const ACTIVE = 0n;
const REFUNDING = 1n;

async function deploySale() {
  const [organizer, beneficiary, donorA, donorB, outsider] = await ethers.getSigners();
  const sale = await ethers.deployContract("PeerRefundSale", [beneficiary.address], organizer);
  const escrow = new Contract(await sale.escrow(), ESCROW_ABI, ethers.provider);
  return { sale, escrow, organizer, beneficiary, donorA, donorB, outsider };
}

describe("PeerRefundSale (the gas benchmark's peer)", function () {
  it("owns a fresh RefundEscrow for the beneficiary; the deployer is the organizer", async function () {
    const { sale, escrow, organizer, beneficiary } = await deploySale();
    expect(await escrow.owner()).to.equal(await sale.getAddress());
    expect(await escrow.beneficiary()).to.equal(beneficiary.address);
    expect(await escrow.state()).to.equal(ACTIVE);
    expect(await sale.organizer()).to.equal(organizer.address);
  });

  it("deposits each pledge in the escrow for the sender, adding up a donor's pledges", async function () {
    const { sale, escrow, donorA, donorB } = await deploySale();
    const first = sale.connect(donorA).pledge({ value: parseEther("1") });
    await expect(first).to.emit(escrow, "Deposited").withArgs(donorA.address, parseEther("1"));
    await expect(first).to.changeEtherBalances(
      ethers,
      [donorA, escrow],
      [-parseEther("1"), parseEther("1")],
    );
    await sale.connect(donorA).pledge({ value: parseEther("0.5") });
    await sale.connect(donorB).pledge({ value: parseEther("2") });
    expect(await escrow.depositsOf(donorA.address)).to.equal(parseEther("1.5"));
    expect(await escrow.depositsOf(donorB.address)).to.equal(parseEther("2"));
    expect(await ethers.provider.getBalance(await sale.getAddress())).to.equal(0n);
  });

  it("refunds nobody until the organizer marks the sale failed; only the organizer can", async function () {
    const { sale, escrow, donorA, outsider } = await deploySale();
    await sale.connect(donorA).pledge({ value: parseEther("1") });
    await expect(sale.claimRefund(donorA.address)).to.be.revertedWith(
      "ConditionalEscrow: payee is not allowed to withdraw",
    );
    await expect(sale.connect(outsider).fail())
      .to.be.revertedWithCustomError(sale, "PeerRefundSaleNotOrganizer")
      .withArgs(outsider.address);
    await expect(sale.fail()).to.emit(escrow, "RefundsEnabled");
    expect(await escrow.state()).to.equal(REFUNDING);
  });

  it("after failure gives each donor back exactly what it deposited, once, and takes no more pledges", async function () {
    const { sale, escrow, donorA, donorB, outsider } = await deploySale();
    await sale.connect(donorA).pledge({ value: parseEther("1") });
    await sale.connect(donorA).pledge({ value: parseEther("0.25") });
    await sale.connect(donorB).pledge({ value: parseEther("3") });
    await sale.fail();

    // Anyone may trigger a donor's refund; the money goes to the donor.
    const refund = sale.connect(outsider).claimRefund(donorA.address);
    await expect(refund).to.emit(escrow, "Withdrawn").withArgs(donorA.address, parseEther("1.25"));
    await expect(refund).to.changeEtherBalances(
      ethers,
      [donorA, escrow, outsider],
      [parseEther("1.25"), -parseEther("1.25"), 0n],
    );
    expect(await escrow.depositsOf(donorA.address)).to.equal(0n);
    // A second claim sends nothing.
    const again = sale.claimRefund(donorA.address);
    await expect(again).to.emit(escrow, "Withdrawn").withArgs(donorA.address, 0n);
    await expect(again).to.changeEtherBalances(ethers, [donorA, escrow], [0n, 0n]);
    await expect(sale.connect(donorB).claimRefund(donorB.address)).to.changeEtherBalances(
      ethers,
      [donorB, escrow],
      [parseEther("3"), -parseEther("3")],
    );
    await expect(sale.connect(donorB).pledge({ value: 1n })).to.be.revertedWith(
      "RefundEscrow: can only deposit while active",
    );
  });
});
