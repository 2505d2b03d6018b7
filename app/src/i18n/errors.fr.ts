import type { Localized } from "./en.ts";
import type { errorsEn } from "./errors.en.ts";

/** Erreurs des contrats et du portefeuille, en français (mêmes clés que errors.en.ts). */
export const errorsFr: Localized<typeof errorsEn> = {
  baseUnits: "{{value}} unités de base d'un jeton inconnu",
  unknownContractError: "La transaction a été refusée ({{name}}).",
  unexpected:
    "Un problème est survenu avec votre portefeuille ou le réseau. Rien n'a été envoyé ; réessayez.",
  network:
    "Le réseau est injoignable pour le moment. Rien n'a été envoyé ; vérifiez votre connexion et réessayez.",
  rateLimited:
    "Le fournisseur du réseau limite les requêtes en ce moment. Patientez un instant et réessayez.",
  noWallet:
    "Aucun portefeuille n'a été trouvé dans ce navigateur. Installez une application ou une extension de portefeuille, ou connectez-vous avec WalletConnect.",
  notConnected: "Connectez d'abord un portefeuille.",
  wrongChain:
    "Votre portefeuille est sur un autre réseau. Passez-le sur le réseau de cette page ; rien n'a été envoyé.",
  switchUnsupported:
    "Votre portefeuille ne peut pas changer de réseau depuis cette page : changez-le dans le portefeuille.",
  rejected: "Vous avez annulé la demande dans votre portefeuille.",
  insufficientEth:
    "Votre portefeuille ne contient pas assez d'ETH pour ce montant plus les frais du réseau.",
  tokenInsufficientBalance: "Votre solde de ce jeton est inférieur au montant.",
  tokenInsufficientAllowance:
    "L'appel n'est pas encore autorisé à prélever autant de ce jeton. Approuvez-le d'abord.",
  tokenApproveFromNonZero:
    "Ce jeton n'accepte de changer une autorisation qu'à partir de zéro : remettez-la d'abord à zéro, puis approuvez le montant.",
  tokenBlocklisted: "L'émetteur du jeton a bloqué cette adresse.",
  RegistryInvalidLimit: "{{what}} doit être comprise entre {{min}} et {{max}} (reçu : {{value}}).",
  RegistrySequencerUnknown:
    "Le flux du séquenceur du réseau n'indique pas depuis quand le séquenceur fonctionne ; les promesses de don sont suspendues jusqu'à ce qu'il le fasse, puis pendant un délai de grâce de {{minutes}} minutes.",
  RegistrySequencerGracePeriod:
    "Le séquenceur du réseau vient de redémarrer ; les promesses de don reprennent le {{at}}, après son délai de grâce de {{minutes}} minutes.",
  CampaignFundingEnded:
    "Cet appel a cessé d'accepter des promesses de don le {{a0}} ; on ne peut plus en faire ni en annuler.",
  CampaignWrongStatus:
    "Cet appel est {{a0}} : ce n'est pas possible maintenant (il faudrait qu'il soit {{a1}}).",
  CampaignZeroAmount: "Saisissez un montant supérieur à zéro.",
  CampaignAmountTooLarge: "Ce montant est trop élevé pour que cet appel l'enregistre.",
  CampaignTokenNotAccepted: "Cet appel n'accepte pas {{a0}}.",
  CampaignUsePledgeETH: "Pour donner de l'ETH, utilisez la promesse en ETH, pas celle en jeton.",
  CampaignNoPledge: "Vous n'avez aucune promesse en {{a1}} à annuler.",
  CampaignGoalNotReached:
    "Le financement ne peut être clos plus tôt qu'une fois l'objectif atteint : {{a0}} collectés sur {{a1}}.",
  CampaignNothingToRefund: "Rien ne vous est dû en {{a1}} (déjà réclamé, ou rien promis).",
  CampaignNothingToWithdraw:
    "{{a0}} n'a rien à retirer de cet appel, dans aucun jeton : rien gagné pour l'instant, ou déjà retiré.",
  CampaignNothingToRelease:
    "La commande {{a0}} n'a aucune livraison vérifiée en attente de paiement.",
  CampaignNotOrganizer: "Seul l'organisateur de cet appel ({{a1}}) peut faire cela.",
  CampaignNotVerifier: "{{a0}} ne fait pas partie des vérificateurs de cet appel.",
  CampaignNotSupplier: "Seul le fournisseur de la commande {{a0}} ({{a2}}) peut faire cela.",
  CampaignSupplierNotVetted:
    "Le fournisseur {{a0}} est {{a1}} dans le registre : il ne peut ni prendre de commande ni être payé pour l'instant.",
  CampaignInsufficientFunds:
    "Il ne reste pas assez de {{a0}} dans cet appel pour cette commande : {{a1}} disponibles, {{a2}} nécessaires. Passez une commande plus petite.",
  CampaignOrderAboveRaised:
    "La commande ({{a0}}) vaut plus que tout ce que cet appel a collecté ({{a1}}).",
  CampaignInvalidUnits:
    "Le nombre d'unités ({{a0}}) doit être compris entre 1 et 1 099 511 627 775.",
  CampaignInvalidDeliverBy:
    "La date de livraison doit être future et au plus tard le {{a2}} (la fin des achats moins le délai de grâce).",
  CampaignAdvanceAboveCap: "L'avance ({{a0}}) dépasse le plafond de cet appel, {{a1}}.",
  CampaignTooManyOrders: "Cet appel a déjà le maximum de {{a0}} commandes.",
  CampaignProcurementEnded: "Les achats de cet appel ont pris fin le {{a0}}.",
  CampaignUnknownOrder: "Il n'y a pas de commande {{a0}} dans cet appel.",
  CampaignWrongOrderStatus: "La commande {{a0}} est {{a1}} : ce n'est pas possible maintenant.",
  CampaignUnitsExceedOrder:
    "La commande {{a0}} porte sur {{a2}} unités ; {{a1}} ne peuvent pas avoir été livrées.",
  CampaignConfirmationNotIncreasing:
    "{{a1}} a déjà confirmé {{a2}} unités pour la commande {{a0}} ; une confirmation doit donner un cumul plus grand (reçu : {{a3}}).",
  CampaignMissingEvidence:
    "Une preuve est requise (l'empreinte d'un document pour une confirmation, un lien pour une expédition).",
  CampaignNotEnoughSignatures:
    "Seuls {{a0}} vérificateur(s) seraient d'accord sur cette quantité ; cet appel en exige {{a1}}. Rassemblez d'autres signatures.",
  CampaignOrderNotExpired:
    "La commande {{a0}} ne peut être annulée qu'à partir du {{a1}} (sa date de livraison plus le délai de grâce).",
  CampaignOrdersOpen:
    "{{a0}} commande(s) sont encore ouvertes ; clôturez-les ou annulez-les d'abord, ou attendez le {{a1}}.",
  CampaignCloseTooEarly: "Seul l'organisateur peut clore cet appel avant le {{a0}}.",
  CampaignNotInitialized: "Cette adresse est le modèle des campagnes, pas un appel.",
  CampaignZeroAddress: "Une adresse manque.",
  CampaignInvalidGoal: "L'objectif et le nombre d'unités doivent tous deux être supérieurs à zéro.",
  CampaignInvalidDeadline: "La fin du financement ({{a0}}) doit être dans le futur.",
  CampaignInvalidProcurementDeadline: "La fin des achats doit venir après la fin du financement.",
  CampaignInvalidAdvanceCap:
    "L'avance maximale ({{a0}}) dépasse le plafond de la plateforme, {{a1}}.",
  CampaignFundingWindowTooLong:
    "La fin du financement ({{a0}}) est trop lointaine : la plateforme l'autorise au plus tard le {{a1}}.",
  CampaignProcurementWindowTooLong:
    "La fin des achats ({{a0}}) est trop lointaine : la plateforme l'autorise au plus tard le {{a1}}.",
  CampaignThresholdTooLow:
    "Sur cette plateforme, au moins {{a1}} vérificateurs doivent s'accorder sur une livraison (l'appel en demande {{a0}}).",
  CampaignVerifierNotRegistered:
    "{{a0}} est {{a1}} comme vérificateur dans le registre ; seuls les vérificateurs enregistrés et actifs peuvent confirmer des livraisons.",
  CampaignOrganizerIsVerifier:
    "L'organisateur ({{a0}}) ne peut pas vérifier les livraisons de son propre appel ; choisissez des vérificateurs indépendants.",
  CampaignSupplierIsVerifier:
    "{{a0}} est l'un des vérificateurs de cet appel : il ne peut pas en être fournisseur, un fournisseur ne vérifie jamais sa propre livraison.",
  CampaignSupplierSuspended:
    "Le fournisseur {{a0}} est suspendu : ce qu'il a gagné est retenu jusqu'à ce qu'un contrôleur le rétablisse.",
  CampaignAdvanceCapExceeded:
    "Accepter cette commande verserait des avances au-delà du plafond de l'appel en {{a0}} : {{a1}} déjà avancés sans livraison vérifiée, {{a2}} demandés en plus, {{a3}} permis. Demandez à l'organisateur une commande avec une avance plus petite.",
  CampaignInvalidSignature:
    "La signature de {{a0}} ne correspond pas à cette commande, cette quantité et cette preuve avec son nonce actuel ({{a1}}) : elle a été faite pour autre chose, ou le vérificateur a confirmé ou annulé depuis. Demandez une nouvelle signature.",
  CampaignSignatureExpired: "La signature de {{a0}} a expiré le {{a1}}. Demandez-en une nouvelle.",
  CampaignInvalidModule: "{{a0}} n'est pas un module d'achats de ce déploiement.",
  CampaignInvalidTokenCount: "Choisissez entre 1 et {{a1}} jetons acceptés (reçu : {{a0}}).",
  CampaignDuplicateToken: "Le jeton {{a0}} figure deux fois.",
  CampaignInvalidVerifiers:
    "Nommez de 1 à 5 vérificateurs et un seuil entre 1 et leur nombre (reçu : {{a0}} vérificateurs, seuil {{a1}}).",
  CampaignDuplicateVerifier: "Le vérificateur {{a0}} figure deux fois.",
  CampaignInvalidText:
    "Le nom de l'unité et le lien des métadonnées doivent chacun faire de 1 à 1 024 caractères.",
  CampaignOrderOverdue:
    "La commande {{a0}} était due le {{a1}} ; elle ne peut plus être acceptée (l'organisateur peut l'annuler).",
  CampaignOrganizerRevoked:
    "L'organisateur {{a0}} n'a plus le rôle d'organisateur : il ne peut plus gérer cet appel ; n'importe qui peut le clore après la fin des achats.",
  FactoryNotOrganizer: "{{a0}} n'est pas un organisateur agréé : il ne peut pas lancer d'appel.",
  FactoryIndexOutOfBounds: "Il n'y a pas d'appel numéro {{a0}} (il y en a {{a1}}).",
  FactoryZeroAddress:
    "La fabrique a besoin d'une adresse de registre et d'une adresse d'implémentation de campagne.",
  RegistryStalePrice:
    "Le flux de prix de {{a0}} n'est plus à jour (dernière mise à jour le {{a1}}) ; les promesses dans ce jeton sont suspendues jusqu'à sa mise à jour.",
  RegistryValueTooLarge: "Ce montant est trop élevé pour être évalué en USD.",
  RegistryNonPositivePrice:
    "Le flux de prix de {{a0}} indique un prix invalide ; les promesses dans ce jeton sont suspendues.",
  RegistryTokenNotAccepted: "La plateforme n'accepte pas {{a0}}.",
  RegistrySupplierAlreadyRegistered: "{{a0}} est déjà enregistré comme fournisseur.",
  RegistrySupplierNotActive: "{{a0}} n'est pas un fournisseur actif.",
  RegistrySupplierNotSuspended: "{{a0}} n'est pas suspendu.",
  RegistryEmptyDetails:
    "Un nom est requis, ainsi qu'un pays (pour un fournisseur) ou une organisation (pour un vérificateur).",
  RegistryVerifierAlreadyRegistered: "{{a0}} est déjà enregistré comme vérificateur.",
  RegistryVerifierNotActive: "{{a0}} n'est pas un vérificateur actif.",
  RegistryVerifierNotSuspended: "{{a0}} n'est pas un vérificateur suspendu.",
  RegistryTooManyDecimals: "{{a0}} a {{a1}} décimales ; la plateforme en accepte au plus {{a2}}.",
  RegistryFuturePrice:
    "Le flux de prix de {{a0}} indique un prix daté du futur ({{a1}}) ; les promesses dans ce jeton sont refusées jusqu'à correction.",
  RegistryPriceOutOfBounds:
    "Le flux de prix de {{a0}} indique {{a1}}, hors des bornes fixées par la plateforme ({{a2}} à {{a3}}, dans les unités du flux) ; les promesses dans ce jeton sont suspendues.",
  RegistryInvalidPriceBounds:
    "Les bornes de prix ne sont pas valides (minimum {{a0}}, maximum {{a1}}) : donnez 0 ≤ minimum ≤ maximum, ou 0 pour les deux afin de les supprimer.",
  RegistrySequencerDown:
    "Le séquenceur du réseau est arrêté : les prix ne sont pas fiables ; les promesses de don sont suspendues jusqu'à son retour.",
  RegistryInvalidGracePeriod:
    "Le délai de grâce du séquenceur doit être compris entre 1 seconde et {{a1}} secondes (reçu : {{a0}}).",
  RegistryInvalidMaxStaleness:
    "L'ancienneté maximale doit être comprise entre 1 seconde et {{a1}} secondes.",
  RegistryInvalidFeed: "{{a1}} n'est pas un flux de prix utilisable pour {{a0}}.",
  RegistryInvalidTokenDecimals: "{{a0}} n'indique pas de décimales utilisables.",
  RegistryZeroAddress: "Une adresse manque.",
  EnforcedPause:
    "La plateforme est en pause pour une urgence : promesses, commandes et paiements sont suspendus. Remboursements, annulations et retraits fonctionnent toujours.",
  ExpectedPause: "La plateforme n'est pas en pause.",
  AccessControlUnauthorizedAccount: "{{a0}} n'a pas le rôle nécessaire pour cela.",
  AccessControlBadConfirmation: "Un compte ne peut renoncer qu'à ses propres rôles.",
  AccessControlEnforcedDefaultAdminRules:
    "Le rôle d'administrateur ne change que par le transfert en deux temps (lancer, attendre, accepter).",
  AccessControlEnforcedDefaultAdminDelay:
    "Le transfert d'administration peut être accepté à partir du {{a0}}, pas avant.",
  AccessControlInvalidDefaultAdmin: "{{a0}} n'est pas l'administrateur en attente.",
  ReentrancyGuardReentrantCall: "Un appel imbriqué a été refusé.",
  SafeERC20FailedOperation: "{{a0}} a refusé le transfert.",
  ERC20InsufficientAllowance:
    "L'appel n'est pas encore autorisé à prélever autant de ce jeton (autorisation {{a1}}, nécessaire {{a2}}). Approuvez-le d'abord.",
  ERC20InsufficientBalance: "Votre solde ({{a1}}) est inférieur au montant ({{a2}}).",
  ERC20InvalidApprover: "L'adresse qui approuve n'est pas valide.",
  ERC20InvalidReceiver: "L'adresse de réception {{a0}} n'est pas valide.",
  ERC20InvalidSender: "L'adresse d'envoi {{a0}} n'est pas valide.",
  ERC20InvalidSpender: "L'adresse autorisée à dépenser ({{a0}}) n'est pas valide.",
  ERC2612ExpiredSignature:
    "Le permis a expiré le {{a0}}. Refaites la promesse pour en signer un nouveau.",
  ERC2612InvalidSigner:
    "Le permis n'a pas été signé par le compte qui fait la promesse. Refaites-la pour en signer un nouveau.",
  InvalidAccountNonce:
    "Le permis a été fait pour un ancien nonce de {{a0}}. Refaites la promesse pour en signer un nouveau.",
  InvalidShortString: "Un texte est trop long pour le contrat.",
  StringTooLong: "Un texte est trop long pour le contrat.",
  OwnableInvalidOwner: "{{a0}} ne peut pas posséder ce contrat.",
  OwnableUnauthorizedAccount: "{{a0}} ne possède pas ce contrat.",
  MockUSDCBlocklisted: "L'émetteur du jeton a bloqué {{a0}}.",
  MockUSDTApproveFromNonZero:
    "Ce jeton n'accepte de changer une autorisation qu'à partir de zéro (elle est de {{a2}}) : remettez-la à zéro, puis approuvez le montant.",
  MockUSDTInsufficientAllowance:
    "L'appel n'est pas encore autorisé à prélever autant de ce jeton (autorisation {{a2}}, nécessaire {{a3}}). Approuvez-le d'abord.",
  MockUSDTInsufficientBalance: "Votre solde ({{a1}}) est inférieur au montant ({{a2}}).",
  ECDSAInvalidSignature: "Une signature n'est pas valide.",
  ECDSAInvalidSignatureS: "Une signature est mal formée (valeur s haute).",
  ECDSAInvalidSignatureLength: "Une signature n'a pas la bonne longueur.",
  InvalidInitialization: "Cet appel est déjà initialisé.",
  FailedCall:
    "Le paiement n'a pas pu être remis à l'adresse de réception (elle l'a refusé). Utilisez l'option d'envoi vers une autre adresse.",
  InsufficientBalance: "L'appel détient {{a0}} mais {{a1}} étaient dus.",
  SafeCastOverflowedUintDowncast: "Un nombre est trop grand pour être stocké par le contrat.",
  CloneArgumentsTooLong: "Les paramètres de l'appel sont trop longs pour être stockés.",
  FailedDeployment: "L'appel n'a pas pu être créé.",
  AddressEmptyCode:
    "Il n'y a pas de contrat à {{a0}}, que cet appel utilise : le déploiement est incomplet.",
  NotInitializing: "Ceci n'est possible que pendant la mise en place d'un contrat.",
  Error: "La transaction a été refusée : {{a0}}",
  Panic: "Le contrat a rencontré une erreur interne (code panic {{a0}}).",
};
