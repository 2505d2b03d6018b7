/**
 * Contract and wallet errors in English. `aN` is the error's N-th argument as people read it
 * (amounts in the token's own units, dates, statuses): see `lib/errors.ts`.
 */
export const errorsEn = {
  baseUnits: "{{value}} base units of an unknown token",
  unknownContractError: "The transaction was refused ({{name}}).",
  unexpected:
    "Something went wrong talking to your wallet or the network. Nothing was sent; try again.",
  network:
    "The network can't be reached right now. Nothing was sent; check your connection and try again.",
  rateLimited:
    "The network's provider is limiting requests right now. Wait a moment and try again.",
  noWallet:
    "No wallet was found in this browser. Install a wallet app or extension, or connect with WalletConnect.",
  notConnected: "Connect a wallet first.",
  wrongChain:
    "Your wallet is on another network. Switch it to the network this page works on; nothing was sent.",
  switchUnsupported: "Your wallet can't switch networks from here: switch it in the wallet itself.",
  rejected: "You cancelled the request in your wallet.",
  insufficientEth: "Your wallet does not hold enough ETH for this amount plus the network fee.",
  tokenInsufficientBalance: "Your token balance is lower than the amount.",
  tokenInsufficientAllowance:
    "The appeal is not allowed to take that much of your token yet. Approve it first.",
  tokenApproveFromNonZero:
    "This token only lets an allowance change from zero: set it to zero first, then approve the amount.",
  tokenBlocklisted: "The token's issuer has blocked this address.",
  RegistryInvalidLimit: "{{what}} must be between {{min}} and {{max}} (got {{value}}).",
  RegistrySequencerUnknown:
    "The network's sequencer feed does not say since when the sequencer is up; pledges are paused until it does, and for a grace period of {{minutes}} minutes after.",
  RegistrySequencerGracePeriod:
    "The network's sequencer came back up recently; pledges resume at {{at}}, after its grace period of {{minutes}} minutes.",
  CampaignFundingEnded:
    "This appeal stopped taking pledges on {{a0}}; pledges can no longer be made or cancelled.",
  CampaignWrongStatus:
    "This appeal is {{a0}}, so this can't be done now (it needs the appeal to be {{a1}}).",
  CampaignZeroAmount: "Enter an amount greater than zero.",
  CampaignAmountTooLarge: "That amount is too large for this appeal to record.",
  CampaignTokenNotAccepted: "This appeal does not accept {{a0}}.",
  CampaignUsePledgeETH: "To give ETH, use the ETH pledge, not the token pledge.",
  CampaignNoPledge: "You have no pledge in {{a1}} to cancel.",
  CampaignGoalNotReached:
    "Funding can only close early once the goal is met: {{a0}} raised of {{a1}}.",
  CampaignNothingToRefund: "Nothing in {{a1}} is due to you (already claimed, or nothing pledged).",
  CampaignNothingToWithdraw:
    "{{a0}} has nothing to withdraw from this appeal, in any token: nothing earned yet, or already withdrawn.",
  CampaignNothingToRelease: "Order {{a0}} has no verified delivery waiting to be paid.",
  CampaignNotOrganizer: "Only this appeal's organizer ({{a1}}) can do that.",
  CampaignNotVerifier: "{{a0}} is not one of this appeal's verifiers.",
  CampaignNotSupplier: "Only the supplier of order {{a0}} ({{a2}}) can do that.",
  CampaignSupplierNotVetted:
    "The supplier {{a0}} is {{a1}} in the registry, so it can't take orders or be paid now.",
  CampaignInsufficientFunds:
    "Not enough {{a0}} left in this appeal for this order: {{a1}} available, {{a2}} needed. Place a smaller order.",
  CampaignOrderAboveRaised:
    "The order ({{a0}}) is worth more than everything this appeal raised ({{a1}}).",
  CampaignInvalidUnits: "The number of units ({{a0}}) must be between 1 and 1,099,511,627,775.",
  CampaignInvalidDeliverBy:
    "The delivery date must be after now and no later than {{a2}} (the procurement deadline minus the grace period).",
  CampaignAdvanceAboveCap: "The advance ({{a0}}) is above this appeal's cap of {{a1}}.",
  CampaignTooManyOrders: "This appeal already has the maximum of {{a0}} orders.",
  CampaignProcurementEnded: "Procurement for this appeal ended on {{a0}}.",
  CampaignUnknownOrder: "There is no order {{a0}} in this appeal.",
  CampaignWrongOrderStatus: "Order {{a0}} is {{a1}}, so this can't be done now.",
  CampaignUnitsExceedOrder: "Order {{a0}} is for {{a2}} units; {{a1}} can't have been delivered.",
  CampaignConfirmationNotIncreasing:
    "{{a1}} already confirmed {{a2}} units for order {{a0}}; a confirmation must be a larger cumulative number than that (got {{a3}}).",
  CampaignMissingEvidence:
    "Evidence is required (a document hash for a confirmation, a link for a shipment).",
  CampaignNotEnoughSignatures:
    "Only {{a0}} verifier(s) would agree on this quantity; this appeal needs {{a1}}. Collect more signatures.",
  CampaignOrderNotExpired:
    "Order {{a0}} can only be cancelled from {{a1}} (its delivery date plus the grace period).",
  CampaignOrdersOpen:
    "{{a0}} order(s) are still open; close or cancel them first, or wait until {{a1}}.",
  CampaignCloseTooEarly: "Only the organizer can close this appeal before {{a0}}.",
  CampaignNotInitialized: "This address is the campaign template, not an appeal.",
  CampaignZeroAddress: "An address is missing.",
  CampaignInvalidGoal: "The goal and the number of units must both be greater than zero.",
  CampaignInvalidDeadline: "The funding deadline ({{a0}}) must be in the future.",
  CampaignInvalidProcurementDeadline:
    "The procurement deadline must come after the funding deadline.",
  CampaignInvalidAdvanceCap:
    "The maximum advance ({{a0}}) is above the platform's ceiling of {{a1}}.",
  CampaignFundingWindowTooLong:
    "The funding deadline ({{a0}}) is too far away: the platform allows funding until {{a1}} at the latest.",
  CampaignProcurementWindowTooLong:
    "The procurement deadline ({{a0}}) is too far away: the platform allows it until {{a1}} at the latest.",
  CampaignThresholdTooLow:
    "At least {{a1}} verifiers must agree on a delivery on this platform (the appeal asks for {{a0}}).",
  CampaignVerifierNotRegistered:
    "{{a0}} is {{a1}} as a verifier in the registry; only active registered verifiers can confirm deliveries.",
  CampaignOrganizerIsVerifier:
    "The organizer ({{a0}}) can't verify its own appeal's deliveries; choose independent verifiers.",
  CampaignSupplierIsVerifier:
    "{{a0}} is one of this appeal's verifiers, so it can't supply it: a supplier never verifies its own delivery.",
  CampaignSupplierSuspended:
    "The supplier {{a0}} is suspended: what it earned is held until a vetter reinstates it.",
  CampaignAdvanceCapExceeded:
    "Accepting this order would pay advances beyond the appeal's cap in {{a0}}: {{a1}} already advanced without verified delivery, {{a2}} more asked, {{a3}} allowed. Ask the organizer for an order with a smaller advance.",
  CampaignInvalidSignature:
    "The signature of {{a0}} does not match this order, quantity and evidence with its current nonce ({{a1}}): it was made for something else, or the verifier has confirmed or cancelled since. Ask for a new signature.",
  CampaignSignatureExpired: "The signature of {{a0}} expired on {{a1}}. Ask for a new one.",
  CampaignInvalidModule: "{{a0}} is not a procurement module of this deployment.",
  CampaignInvalidTokenCount: "Choose between 1 and {{a1}} accepted tokens (got {{a0}}).",
  CampaignDuplicateToken: "The token {{a0}} is listed twice.",
  CampaignInvalidVerifiers:
    "Name 1 to 5 verifiers and a threshold between 1 and their number (got {{a0}} verifiers, threshold {{a1}}).",
  CampaignDuplicateVerifier: "The verifier {{a0}} is listed twice.",
  CampaignInvalidText: "The unit name and the metadata link must each be 1 to 1,024 characters.",
  CampaignOrderOverdue:
    "Order {{a0}} was due on {{a1}}; it can no longer be accepted (the organizer may cancel it).",
  CampaignOrganizerRevoked:
    "The organizer {{a0}} no longer holds the organizer role, so it can't manage this appeal; anyone may close it after the procurement deadline.",
  FactoryNotOrganizer: "{{a0}} is not an approved organizer, so it can't launch appeals.",
  FactoryIndexOutOfBounds: "There is no appeal number {{a0}} (there are {{a1}}).",
  FactoryZeroAddress: "The factory needs both a registry and a campaign implementation address.",
  RegistryStalePrice:
    "The price feed for {{a0}} is out of date (last update {{a1}}); pledges in it are paused until it updates.",
  RegistryValueTooLarge: "That amount is too large to value in USD.",
  RegistryNonPositivePrice:
    "The price feed for {{a0}} reports an invalid price; pledges in it are paused.",
  RegistryTokenNotAccepted: "The platform does not accept {{a0}}.",
  RegistrySupplierAlreadyRegistered: "{{a0}} is already registered as a supplier.",
  RegistrySupplierNotActive: "{{a0}} is not an active supplier.",
  RegistrySupplierNotSuspended: "{{a0}} is not suspended.",
  RegistryEmptyDetails:
    "A name is required, and a country (for a supplier) or an organization (for a verifier).",
  RegistryVerifierAlreadyRegistered: "{{a0}} is already registered as a verifier.",
  RegistryVerifierNotActive: "{{a0}} is not an active verifier.",
  RegistryVerifierNotSuspended: "{{a0}} is not a suspended verifier.",
  RegistryTooManyDecimals: "{{a0}} has {{a1}} decimals; the platform accepts at most {{a2}}.",
  RegistryFuturePrice:
    "The price feed for {{a0}} reports a price dated in the future ({{a1}}); pledges in it are refused until it is corrected.",
  RegistryPriceOutOfBounds:
    "The price feed for {{a0}} reports {{a1}}, outside the bounds the platform set ({{a2}} to {{a3}}, in the feed's units); pledges in it are paused.",
  RegistryInvalidPriceBounds:
    "The price bounds are not valid (minimum {{a0}}, maximum {{a1}}): give 0 ≤ minimum ≤ maximum, or both 0 to remove them.",
  RegistrySequencerDown:
    "The network's sequencer is down, so prices can't be trusted; pledges are paused until it is back.",
  RegistryInvalidGracePeriod:
    "The sequencer grace period must be between 1 second and {{a1}} seconds (got {{a0}}).",
  RegistryInvalidMaxStaleness: "The maximum staleness must be between 1 second and {{a1}} seconds.",
  RegistryInvalidFeed: "{{a1}} is not a usable price feed for {{a0}}.",
  RegistryInvalidTokenDecimals: "{{a0}} does not report usable decimals.",
  RegistryZeroAddress: "An address is missing.",
  EnforcedPause:
    "The platform is paused for an emergency: pledges, orders and payments are on hold. Refunds, cancellations and withdrawals still work.",
  ExpectedPause: "The platform is not paused.",
  AccessControlUnauthorizedAccount: "{{a0}} does not have the role needed for this.",
  AccessControlBadConfirmation: "An account can only renounce its own roles.",
  AccessControlEnforcedDefaultAdminRules:
    "The admin role changes only through the two-step transfer (begin, wait, accept).",
  AccessControlEnforcedDefaultAdminDelay:
    "The admin transfer can be accepted from {{a0}}, not before.",
  AccessControlInvalidDefaultAdmin: "{{a0}} is not the pending admin.",
  ReentrancyGuardReentrantCall: "A nested call was refused.",
  SafeERC20FailedOperation: "{{a0}} refused the transfer.",
  ERC20InsufficientAllowance:
    "The appeal is not allowed to take that much of your token yet (allowance {{a1}}, needed {{a2}}). Approve it first.",
  ERC20InsufficientBalance: "Your balance ({{a1}}) is lower than the amount ({{a2}}).",
  ERC20InvalidApprover: "The approving address is not valid.",
  ERC20InvalidReceiver: "The receiving address {{a0}} is not valid.",
  ERC20InvalidSender: "The sending address {{a0}} is not valid.",
  ERC20InvalidSpender: "The address allowed to spend ({{a0}}) is not valid.",
  ERC2612ExpiredSignature: "The permit expired at {{a0}}. Pledge again to sign a new one.",
  ERC2612InvalidSigner:
    "The permit was not signed by the account that pledges. Pledge again to sign a new one.",
  InvalidAccountNonce:
    "The permit was made for an older nonce of {{a0}}. Pledge again to sign a new one.",
  InvalidShortString: "A text is too long for the contract.",
  StringTooLong: "A text is too long for the contract.",
  OwnableInvalidOwner: "{{a0}} can't own this contract.",
  OwnableUnauthorizedAccount: "{{a0}} does not own this contract.",
  MockUSDCBlocklisted: "The token's issuer has blocked {{a0}}.",
  MockUSDTApproveFromNonZero:
    "This token only lets an allowance change from zero (it is {{a2}} now): set it to zero first, then approve the amount.",
  MockUSDTInsufficientAllowance:
    "The appeal is not allowed to take that much of your token yet (allowance {{a2}}, needed {{a3}}). Approve it first.",
  MockUSDTInsufficientBalance: "Your balance ({{a1}}) is lower than the amount ({{a2}}).",
  ECDSAInvalidSignature: "A signature is invalid.",
  ECDSAInvalidSignatureS: "A signature is malformed (high s value).",
  ECDSAInvalidSignatureLength: "A signature has the wrong length.",
  InvalidInitialization: "This appeal is already initialised.",
  FailedCall:
    "The payment could not be delivered to the receiving address (it refused it). Use the option to send it to another address.",
  InsufficientBalance: "The appeal holds {{a0}} but {{a1}} was due.",
  SafeCastOverflowedUintDowncast: "A number is too large for the contract to store.",
  CloneArgumentsTooLong: "The appeal's parameters are too long to store.",
  FailedDeployment: "The appeal could not be created.",
  AddressEmptyCode:
    "There is no contract at {{a0}}, which this appeal calls: the deployment is incomplete.",
  NotInitializing: "This can only be done while a contract is being set up.",
  Error: "The transaction was refused: {{a0}}",
  Panic: "The contract hit an internal error (panic code {{a0}}).",
};
