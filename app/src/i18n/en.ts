/**
 * English: the reference catalog. Every message the dApp shows is here; fr.ts and zh.ts have the
 * same keys (a missing one is a type error and a failing test). `{{name}}` is filled in by the
 * code; a key with `_one`/`_other` variants is chosen by `count` (Intl plural rules).
 */
import { errorsEn } from "./errors.en.ts";

export const en = {
  app: {
    notices: "Notices",
    skip: "Skip to content",
    tagline: "medical supplies, paid on verified delivery",
    loadingDeployment: "Loading the deployment…",
    noDeployment: "No Handover deployment on {{network}}",
    startLocal:
      "Start the local chain and its scenario (the start script writes app/public/local-deployment.json), then reload.",
    pickAnother: "Pick another network above.",
  },
  header: { network: "Network", language: "Language" },
  nav: {
    label: "Main",
    appeals: "Appeals",
    organizer: "Organizer",
    supplier: "Supplier",
    verifier: "Verifier",
    admin: "Vetter & admin",
    audit: "Audit",
  },
  common: {
    ofTotal: "{{part}} of {{whole}}",
    retry: "Retry",
    retrying: "Retrying…",
    copy: "Copy",
    copied: "Copied",
    yes: "Yes, do it",
    no: "No, keep it",
    showMore_one: "Show {{count}} more",
    showMore_other: "Show {{count}} more",
    loading: "Loading…",
  },
  banner: {
    unreachable: "{{network}} can't be reached.",
    unreachableHelp:
      "Its RPC endpoint does not answer: nothing shown here would be current. Check your connection, or try again in a moment.",
    paused: "The platform is paused.",
    pausedShort:
      "The platform is paused: pledges are on hold (refunds, cancellations and withdrawals still work).",
    pausedHelp:
      "Pledges, orders and payments to suppliers are on hold; refunds, cancellations and withdrawals still work.",
    stale: "No usable price for {{tokens}}: pledges in it are refused until its feed updates.",
    clockAhead:
      "This network's clock reads {{chain}}, {{span}} ahead of yours ({{wall}}). Every date and deadline on these pages is the network's time.",
    clockBehind:
      "This network's latest block is dated {{chain}}, {{span}} behind your clock ({{wall}}): no block was made since. Dates and deadlines on these pages are the network's time.",
  },
  tx: {
    notifications: "Transaction notifications",
    pending: "Checking the transaction against the chain…",
    signature: "Awaiting your signature in the wallet…",
    confirming: "Confirming on chain…",
    done: "Done.",
    error: "Not sent.",
    transaction: "Transaction",
    explorer: "view on explorer",
    viewOnExplorer: "{{hash}} on the explorer",
    reverted: "The transaction was mined but the chain reverted it: nothing changed.",
    wrongNetwork:
      "Your wallet is on another network. Switch it to {{name}} (chain {{id}}) first; nothing was sent.",
    step: "Step {{n}} of {{of}}",
    toastSignature: "Confirm in your wallet",
    toastConfirming: "Waiting for the transaction to be mined",
    toastDone: "Transaction completed",
    toastError: "Transaction not completed",
    dismiss: "Dismiss",
  },
  amount: {
    empty: "Enter an amount.",
    notNumber: "Enter a number such as 12.5 or 1,250.75.",
    ambiguous:
      "“{{text}}” could mean {{asGroup}} or {{asDecimal}}: type it without the separator ({{asGroup}}) or with your decimal mark ({{asDecimal}}).",
    noDecimals: "{{symbol}} has no decimals: enter a whole number.",
    tooManyDecimals:
      "{{symbol}} has {{decimals}} decimals: enter at most {{decimals}} digits after the decimal mark.",
    zero: "Enter an amount greater than zero.",
    thisToken: "This token",
    max: "Max",
  },
  time: { left: "{{span}} left", ago: "ended {{span}} ago" },
  units: { days_one: "{{count}} day", days_other: "{{count}} days" },
  status: {
    uninitialised: "not initialised",
    funding: "open for pledges",
    failed: "failed",
    procurement: "buying supplies",
    closed: "closed",
  },
  statusName: {
    uninitialised: "Not initialised",
    funding: "Funding",
    failed: "Failed",
    procurement: "Procurement",
    closed: "Closed",
  },
  orderStatus: {
    none: "unknown",
    placed: "placed",
    accepted: "accepted",
    shipped: "shipped",
    completed: "completed",
    cancelled: "cancelled",
  },
  orderStatusName: {
    none: "None",
    placed: "Placed",
    accepted: "Accepted",
    shipped: "Shipped",
    completed: "Completed",
    cancelled: "Cancelled",
  },
  partyStatus: { none: "not registered", active: "active", suspended: "suspended" },
  limits: {
    maxFundingWindow: "The longest funding window",
    maxProcurementWindow: "The longest procurement window",
    maxAdvanceBps: "The ceiling on advances",
    minThreshold: "The minimum number of verifiers who must agree",
  },
  errors: errorsEn,
  appeals: {
    title: "Appeals",
    status: "Status",
    all: "All",
    intro:
      "Money reaches a supplier only when named verifiers confirm delivery; what is never spent goes back to donors.",
    count_one: "{{count}} appeal on this network.",
    count_other: "{{count}} appeals on this network.",
    countIn_one: "{{count}} appeal in status {{status}} on this network.",
    countIn_other: "{{count}} appeals in status {{status}} on this network.",
    loading: "Loading appeals…",
    none: "No appeal with this status.",
    pages: "Pages",
    newer: "Newer",
    older: "Older",
    page: "Page {{page}} of {{pages}}",
    for: "For",
    target: "target {{units}} {{unit}}",
    unitsVerified: "Units delivered and verified",
    fundingLeft: "Funding: {{left}}",
    procurementLeft: "Procurement: {{left}}",
    orders_one: "{{count}} order",
    orders_other: "{{count}} orders",
    allOrNothing: "all-or-nothing",
    keepWhatYouRaise: "keep what you raise",
  },
  appeal: {
    notAddress: "That is not an appeal address.",
    loading: "Loading the appeal…",
    notAnAppeal: "This address does not answer as an appeal on {{network}}.",
    story: "Story and documents:",
    section: "The appeal",
    raised: "Raised (USD at pledge time)",
    delivered: "Delivered and verified ({{unit}})",
    beneficiary: "Beneficiary",
    organizer: "Organizer",
    goal: "Goal",
    allOrNothing: "all-or-nothing: refunded in full if missed",
    keepWhatYouRaise: "keep what you raise",
    fundingDeadline: "Funding deadline",
    closedEarly: "funding closed early: goal met",
    procurementDeadline: "Procurement deadline",
    tokens: "Accepted tokens",
    pledgedIn: "{{amount}} pledged",
    verifiers: "Verifiers",
    threshold_one: "{{threshold}} of {{count}} must agree:",
    threshold_other: "{{threshold}} of {{count}} must agree:",
    unregisteredVerifier: "Unregistered verifier",
    maxAdvance: "Maximum advance",
    maxAdvanceText:
      "{{cap}} of an order, paid on acceptance; over the appeal's whole life, never more than {{cap}} of each token's pledges is paid ahead of verified delivery",
    grace: "Delivery grace period",
    auditLink: "Audit this appeal →",
    orders: "Orders and deliveries",
    readingHistory: "Reading the appeal's history…",
    readingHistoryProgress:
      "Reading the appeal's history: blocks up to {{scanned}} of {{to}} read, {{events}} events so far (shown below as they arrive).",
    noOrders: "No orders yet.",
  },
  pledge: {
    title: "Pledge",
    notOpen: "This appeal is not taking pledges.",
    deadlinePassed: "Funding ended on {{date}}: this appeal takes no more pledges.",
    deadlinePassedShort: "Funding has ended: this appeal takes no more pledges.",
    connect: "Connect a wallet to pledge.",
    aboveBalance:
      "You hold {{balance}}; this pledge is {{amount}}. Nothing was sent: pledge at most what you hold.",
    aboveBalanceShort: "That is more than you hold ({{balance}}).",
    token: "Token",
    amount: "Amount ({{symbol}})",
    balance: "You hold {{balance}}",
    maxEthHint: "Your balance minus what the network fee may cost",
    usdHint: "The USD value at today's price appears here.",
    usdValue: "≈ {{usd}} at the current price (the value is fixed when the pledge is made).",
    noPrice: "No usable price for this token right now.",
    pricing: "Pricing…",
    authorise: "Authorise the appeal to take the tokens by",
    byApprove: "approving exactly this amount (2 transactions)",
    byPermit: "signing a permit (1 signature, 1 transaction)",
    approveOnly: "You approve exactly this amount, then pledge it.",
    submit: "Pledge",
    submitAmount: "Pledge {{amount}}",
    checking: "Checking that a pledge of {{what}} can go through",
    label: "Pledge {{what}}",
    labelEth: "Pledge {{what}}",
    noPermit: "This token does not support permits; approve it instead.",
    signPermit: "Sign a permit for exactly {{what}}",
    withPermit: "Pledge {{what}} with the permit",
    resetAllowance: "Reset the previous allowance to zero",
    approve: "Approve exactly {{what}}",
  },
  myPledges: {
    title: "Your pledges",
    none: "You have no standing pledge or refund in this appeal.",
    row: "{{amount}} ({{usd}} at pledge time)",
    refundDue: "refund due: {{amount}}",
    cancel: "Cancel pledge",
    cancelLabel: "Cancel your pledge of {{amount}}",
    claim: "Claim refund",
    claimLabel: "Claim {{amount}}",
  },
  feed: {
    title_one: "Pledges ({{count}}, live)",
    title_other: "Pledges ({{count}}, live)",
    pledged: "pledged",
    cancelled: "cancelled",
  },
  organizer: {
    launchTitle: "Launch an appeal",
    launched: "The appeal is launched; the form is cleared for the next one.",
    openLaunched: "Open the new appeal →",
    connect: "Connect an organizer's wallet to launch an appeal.",
    notOrganizer:
      "This account is not an approved organizer: the platform's admin grants that role. Only approved organizers can launch appeals.",
    reading: "Reading the chain's clock and the platform's limits…",
    launchLabel: "Launch the appeal",
    closeFunding: "Close funding early (goal met)",
    closeFundingAsk: "Close funding now? No more pledges can be made or cancelled, for good.",
    closeFundingLabel: "Close funding early",
    close: "Close the appeal",
    closeAsk: "Close the appeal for good? What was never spent becomes refundable to donors.",
    closeLabel: "Close the appeal",
    cancelOrder: "Cancel order",
    cancelOrderAsk:
      "Cancel order {{id}} for good? Verified units stay paid; the rest of its reservation returns to the pool.",
    cancelOrderLabel: "Cancel order {{id}}",
    notFunding: "Funding is over for this appeal.",
    goalNotMet: "Funding can close early only once the goal is met: {{raised}} of {{goal}} so far.",
    alreadyClosed: "This appeal is closed.",
    closeNotProcurement: "An appeal closes once it is buying supplies (after funding succeeds).",
    ordersOpen_one:
      "{{count}} order is still open: cancel or complete it first, or wait until {{date}}, when anyone may close.",
    ordersOpen_other:
      "{{count}} orders are still open: cancel or complete them first, or wait until {{date}}, when anyone may close.",
    cancelNotYet:
      "An accepted order can be cancelled from {{date}} (its delivery date plus the grace period), or at once if its supplier is suspended.",
    orderPlaced: "Order {{id}} is placed; the form is cleared for the next one.",
    seeOnAppeal: "See it on the appeal page →",
    orderLabel: "Place an order for {{units}} units",
    previewTable: "What the order reserves in each token",
  },
  audit: {
    checksTable: "Every check",
    entriesTable: "Ledger entries",
  },
  order: { sharesTable: "Per-token amounts of order" },
  admin: {
    tokensTable: "Accepted tokens",
    title: "Vetter & admin",
    connect: "Connect a vetter's or the admin's wallet to act; anyone can read the registry below.",
    noRole:
      "This account holds no registry role: it can read the registry, but registering, suspending, limits, tokens and the pause are for the vetter, the admin and the pauser.",
    notVetter: "Only the platform's vetter registers, suspends and reinstates parties.",
    notAdmin: "Only the platform's admin changes this.",
    suspend: "Suspend",
    suspendAsk:
      "Suspend {{name}}? Its appeals stop paying it (what it earned stays credited) until reinstated.",
    suspendLabel: "Suspend {{name}}",
    defaultReason: "Suspended by the vetter",
    limitsAsk: "Change the limits for every new appeal on the platform?",
    boundsAsk: "Change this token's price bounds for every appeal on the platform?",
    sequencerAsk: "Change the sequencer-uptime feed for every pledge on the platform?",
    pauseTitle: "Emergency pause",
    isPaused: "The platform is paused.",
    isRunning: "The platform is running.",
    pauseHelp:
      "Pausing stops new pledges, orders and payments; refunds, cancellations, withdrawals and verifiers' confirmations keep working.",
    pause: "Pause everything",
    unpause: "Unpause",
    pauseAsk: "Pause the whole platform? Every appeal stops taking pledges and paying suppliers.",
    unpauseAsk: "Unpause the platform? Pledges, orders and payments resume everywhere.",
  },
};

type PluralForm = "zero" | "one" | "two" | "few" | "many";
/**
 * A translation of `T`: every key of the English catalog, each plural message with its `_other`
 * form and whichever other forms the language's plural rules use (French adds `_many`; Chinese
 * has only `_other`).
 */
export type Localized<T> = {
  [K in keyof T as K extends `${string}_one` ? never : K]: T[K] extends string
    ? string
    : Localized<T[K]>;
} & {
  [K in keyof T as K extends `${infer B}_other` ? `${B}_${PluralForm}` : never]?: string;
};
export type Catalog = Localized<typeof en>;
