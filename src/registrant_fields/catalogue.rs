//! Zoom's standard registration fields as the import sees them: their API names, the header
//! spellings of the tools people export from (Zoom's own import format, Eventbrite, Google and
//! Microsoft Forms, Typeform, Cvent, HubSpot, Mailchimp, Luma…, and the common headers of the
//! major European languages: Firma, Empresa, Société, Vorname, Apellidos…), their length limits and the enum
//! values Zoom accepts, matched case-insensitively and returned in Zoom's canonical spelling.

use serde::{Deserialize, Serialize};

/// A standard registrant field of Zoom's add-registrant body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StandardField {
    Email,
    FirstName,
    LastName,
    Address,
    City,
    State,
    Zip,
    Country,
    Phone,
    Comments,
    Industry,
    JobTitle,
    Org,
    NoOfEmployees,
    PurchasingTimeFrame,
    RoleInPurchaseProcess,
    Language,
}

impl StandardField {
    pub const ALL: [StandardField; 17] = [
        StandardField::Email,
        StandardField::FirstName,
        StandardField::LastName,
        StandardField::Address,
        StandardField::City,
        StandardField::State,
        StandardField::Zip,
        StandardField::Country,
        StandardField::Phone,
        StandardField::Comments,
        StandardField::Industry,
        StandardField::JobTitle,
        StandardField::Org,
        StandardField::NoOfEmployees,
        StandardField::PurchasingTimeFrame,
        StandardField::RoleInPurchaseProcess,
        StandardField::Language,
    ];

    /// The key in Zoom's JSON body (and in `questions[].field_name`).
    pub fn api_name(self) -> &'static str {
        match self {
            StandardField::Email => "email",
            StandardField::FirstName => "first_name",
            StandardField::LastName => "last_name",
            StandardField::Address => "address",
            StandardField::City => "city",
            StandardField::State => "state",
            StandardField::Zip => "zip",
            StandardField::Country => "country",
            StandardField::Phone => "phone",
            StandardField::Comments => "comments",
            StandardField::Industry => "industry",
            StandardField::JobTitle => "job_title",
            StandardField::Org => "org",
            StandardField::NoOfEmployees => "no_of_employees",
            StandardField::PurchasingTimeFrame => "purchasing_time_frame",
            StandardField::RoleInPurchaseProcess => "role_in_purchase_process",
            StandardField::Language => "language",
        }
    }

    pub fn from_api_name(name: &str) -> Option<StandardField> {
        StandardField::ALL
            .into_iter()
            .find(|field| field.api_name() == name)
    }

    /// A label for people, e.g. `Job title`.
    pub fn label(self) -> &'static str {
        match self {
            StandardField::Email => "Email",
            StandardField::FirstName => "First name",
            StandardField::LastName => "Last name",
            StandardField::Address => "Address",
            StandardField::City => "City",
            StandardField::State => "State/province",
            StandardField::Zip => "Zip/postal code",
            StandardField::Country => "Country",
            StandardField::Phone => "Phone",
            StandardField::Comments => "Questions & comments",
            StandardField::Industry => "Industry",
            StandardField::JobTitle => "Job title",
            StandardField::Org => "Organization",
            StandardField::NoOfEmployees => "Number of employees",
            StandardField::PurchasingTimeFrame => "Purchasing time frame",
            StandardField::RoleInPurchaseProcess => "Role in purchase process",
            StandardField::Language => "Language",
        }
    }

    /// The field a person means by a name they typed: its Zoom name or its label, ignoring
    /// case, spaces, `-` and `_` (`job_title`, `Job Title`, `jobtitle`), a few words people
    /// type on a command line (`company`, `title`), or any header spelling the import knows
    /// (`Given name`, `Postcode`).
    pub fn find(name: &str) -> Option<StandardField> {
        let wanted = normalize_name(name);
        let typed_word = match wanted.as_str() {
            "organization" | "organisation" | "company" => Some(StandardField::Org),
            "province" => Some(StandardField::State),
            // Not a header alias: in a spreadsheet "Title" is as often Mr/Ms as a job title.
            "title" => Some(StandardField::JobTitle),
            "telephone" => Some(StandardField::Phone),
            _ => None,
        };
        let header_alias = || match guess_header(name) {
            Some(HeaderGuess {
                target: HeaderTarget::Field(field),
                confidence: Confidence::Alias,
            }) => Some(field),
            _ => None,
        };
        typed_word
            .or_else(|| {
                StandardField::ALL.into_iter().find(|field| {
                    normalize_name(field.api_name()) == wanted
                        || normalize_name(field.label()) == wanted
                })
            })
            .or_else(header_alias)
    }

    /// The catalogue's field for a field name of Zoom's registration questions; `None` for a
    /// name regdesk does not know (which it cannot send).
    pub fn from_zoom(field: &crate::zoom::QuestionField) -> Option<StandardField> {
        StandardField::from_api_name(field.as_str())
    }

    /// Zoom's longest accepted value, where the API documents one.
    pub fn max_len(self) -> Option<usize> {
        match self {
            StandardField::Email => Some(128),
            StandardField::FirstName | StandardField::LastName => Some(64),
            _ => None,
        }
    }

    /// The values Zoom accepts for an enum field, in its canonical spelling.
    pub fn allowed_values(self) -> Option<&'static [&'static str]> {
        match self {
            StandardField::NoOfEmployees => Some(&[
                "1-20",
                "21-50",
                "51-100",
                "101-500",
                "500-1,000",
                "1,001-5,000",
                "5,001-10,000",
                "More than 10,000",
            ]),
            StandardField::PurchasingTimeFrame => Some(&[
                "Within a month",
                "1-3 months",
                "4-6 months",
                "More than 6 months",
                "No timeframe",
            ]),
            StandardField::RoleInPurchaseProcess => Some(&[
                "Decision Maker",
                "Evaluator/Recommender",
                "Influencer",
                "Not involved",
            ]),
            StandardField::Language => Some(&[
                "en-US", "de-DE", "es-ES", "fr-FR", "jp-JP", "pt-PT", "ru-RU", "zh-CN", "zh-TW",
                "ko-KO", "it-IT", "vi-VN", "pl-PL", "Tr-TR",
            ]),
            _ => None,
        }
    }

    /// The client's name for a profile field; `None` for email, first name and language, which
    /// the client's registrant types carry as fields of their own.
    pub fn to_zoom(self) -> Option<crate::zoom::QuestionField> {
        match self {
            StandardField::Email | StandardField::FirstName | StandardField::Language => None,
            other => Some(crate::zoom::QuestionField::from_zoom(other.api_name())),
        }
    }

    /// Only these travel in a batch-registration call; anything else needs a single add.
    pub fn batchable(self) -> bool {
        matches!(
            self,
            StandardField::Email | StandardField::FirstName | StandardField::LastName
        )
    }
}

/// Lower case without spaces, `-`, `_`, `/`, `&` and `.`, for matching field names typed by people.
pub fn normalize_name(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_' | '/' | '&' | '.'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Zoom's canonical spelling of an enum value written in any case, with or without spaces and
/// thousands separators ("decision maker", "500-1000", "EN-us"); `None` when it is not allowed.
pub fn canonical_enum_value(field: StandardField, value: &str) -> Option<&'static str> {
    let wanted = squash(value);
    field
        .allowed_values()?
        .iter()
        .find(|allowed| squash(allowed) == wanted)
        .copied()
}

/// Whether Zoom would take this as an email address: one address, no display name, a domain
/// with a top-level part, no IP literal (the stricter reading of Zoom's `format: email`).
pub fn is_valid_email(value: &str) -> bool {
    use email_address::{EmailAddress, Options};
    let options = Options::default()
        .with_required_tld()
        .without_domain_literal()
        .without_display_text();
    !value.chars().any(|c| c.is_whitespace() || c == '"')
        && EmailAddress::parse_with_options(value, options).is_ok()
}

/// What a column header says it holds, with how sure the guess is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeaderGuess {
    pub target: HeaderTarget,
    pub confidence: Confidence,
}

/// What a header can stand for among the standard fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HeaderTarget {
    Field(StandardField),
    /// One column with the whole name, to be split into first and last.
    FullName,
}

/// Ordered: a higher confidence wins a conflict between columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Confidence {
    /// The header only contains a telling word ("What's your email address?").
    Keyword,
    /// The purchaser's details in order exports (Eventbrite "Buyer Email"): used only when the
    /// attendee's own column is missing.
    Buyer,
    /// A known spelling of the field.
    Alias,
}

/// Exact header spellings, compared after [`squash`].
const ALIASES: &[(&str, HeaderTarget)] = &[
    ("email", field(StandardField::Email)),
    ("emailaddress", field(StandardField::Email)),
    ("mail", field(StandardField::Email)),
    ("emailid", field(StandardField::Email)),
    ("attendeeemail", field(StandardField::Email)),
    ("registrantemail", field(StandardField::Email)),
    ("participantemail", field(StandardField::Email)),
    ("guestemail", field(StandardField::Email)),
    ("contactemail", field(StandardField::Email)),
    ("workemail", field(StandardField::Email)),
    ("businessemail", field(StandardField::Email)),
    ("primaryemail", field(StandardField::Email)),
    ("youremail", field(StandardField::Email)),
    ("youremailaddress", field(StandardField::Email)),
    ("firstname", field(StandardField::FirstName)),
    ("first", field(StandardField::FirstName)),
    ("givenname", field(StandardField::FirstName)),
    ("forename", field(StandardField::FirstName)),
    ("fname", field(StandardField::FirstName)),
    ("attendeefirstname", field(StandardField::FirstName)),
    ("registrantfirstname", field(StandardField::FirstName)),
    ("guestfirstname", field(StandardField::FirstName)),
    ("yourfirstname", field(StandardField::FirstName)),
    ("vorname", field(StandardField::FirstName)),
    ("prénom", field(StandardField::FirstName)),
    ("lastname", field(StandardField::LastName)),
    ("last", field(StandardField::LastName)),
    ("surname", field(StandardField::LastName)),
    ("familyname", field(StandardField::LastName)),
    ("lname", field(StandardField::LastName)),
    ("attendeelastname", field(StandardField::LastName)),
    ("registrantlastname", field(StandardField::LastName)),
    ("guestlastname", field(StandardField::LastName)),
    ("yourlastname", field(StandardField::LastName)),
    ("nachname", field(StandardField::LastName)),
    ("name", HeaderTarget::FullName),
    ("fullname", HeaderTarget::FullName),
    ("yourname", HeaderTarget::FullName),
    ("yourfullname", HeaderTarget::FullName),
    ("attendeename", HeaderTarget::FullName),
    ("attendeefullname", HeaderTarget::FullName),
    ("registrantname", HeaderTarget::FullName),
    ("participantname", HeaderTarget::FullName),
    ("guestname", HeaderTarget::FullName),
    ("contactname", HeaderTarget::FullName),
    ("displayname", HeaderTarget::FullName),
    ("firstandlastname", HeaderTarget::FullName),
    ("firstnamelastname", HeaderTarget::FullName),
    ("nameandsurname", HeaderTarget::FullName),
    ("address", field(StandardField::Address)),
    ("streetaddress", field(StandardField::Address)),
    ("street", field(StandardField::Address)),
    ("address1", field(StandardField::Address)),
    ("addressline1", field(StandardField::Address)),
    ("streetaddressline1", field(StandardField::Address)),
    ("homeaddress1", field(StandardField::Address)),
    ("homeaddress", field(StandardField::Address)),
    ("workaddress1", field(StandardField::Address)),
    ("workaddress", field(StandardField::Address)),
    ("mailingaddress", field(StandardField::Address)),
    ("city", field(StandardField::City)),
    ("town", field(StandardField::City)),
    ("citytown", field(StandardField::City)),
    ("homecity", field(StandardField::City)),
    ("workcity", field(StandardField::City)),
    ("state", field(StandardField::State)),
    ("province", field(StandardField::State)),
    ("region", field(StandardField::State)),
    ("stateprovince", field(StandardField::State)),
    ("stateregion", field(StandardField::State)),
    ("homestate", field(StandardField::State)),
    ("workstate", field(StandardField::State)),
    ("zip", field(StandardField::Zip)),
    ("zipcode", field(StandardField::Zip)),
    ("postalcode", field(StandardField::Zip)),
    ("postcode", field(StandardField::Zip)),
    ("zippostalcode", field(StandardField::Zip)),
    ("postalzipcode", field(StandardField::Zip)),
    ("homezip", field(StandardField::Zip)),
    ("workzip", field(StandardField::Zip)),
    ("country", field(StandardField::Country)),
    ("countryregion", field(StandardField::Country)),
    ("countrycode", field(StandardField::Country)),
    ("homecountry", field(StandardField::Country)),
    ("workcountry", field(StandardField::Country)),
    ("phone", field(StandardField::Phone)),
    ("phonenumber", field(StandardField::Phone)),
    ("telephone", field(StandardField::Phone)),
    ("tel", field(StandardField::Phone)),
    ("mobile", field(StandardField::Phone)),
    ("mobilephone", field(StandardField::Phone)),
    ("mobilenumber", field(StandardField::Phone)),
    ("cellphone", field(StandardField::Phone)),
    ("cell", field(StandardField::Phone)),
    ("workphone", field(StandardField::Phone)),
    ("businessphone", field(StandardField::Phone)),
    ("homephone", field(StandardField::Phone)),
    ("contactnumber", field(StandardField::Phone)),
    ("comments", field(StandardField::Comments)),
    ("comment", field(StandardField::Comments)),
    ("questionscomments", field(StandardField::Comments)),
    ("questionsandcomments", field(StandardField::Comments)),
    ("notes", field(StandardField::Comments)),
    ("remarks", field(StandardField::Comments)),
    ("industry", field(StandardField::Industry)),
    ("sector", field(StandardField::Industry)),
    ("jobtitle", field(StandardField::JobTitle)),
    ("title", field(StandardField::JobTitle)),
    ("position", field(StandardField::JobTitle)),
    ("jobrole", field(StandardField::JobTitle)),
    ("designation", field(StandardField::JobTitle)),
    ("org", field(StandardField::Org)),
    ("organization", field(StandardField::Org)),
    ("organisation", field(StandardField::Org)),
    ("organizationname", field(StandardField::Org)),
    ("company", field(StandardField::Org)),
    ("companyname", field(StandardField::Org)),
    ("companyorganization", field(StandardField::Org)),
    ("employer", field(StandardField::Org)),
    ("affiliation", field(StandardField::Org)),
    ("institution", field(StandardField::Org)),
    ("noofemployees", field(StandardField::NoOfEmployees)),
    ("numberofemployees", field(StandardField::NoOfEmployees)),
    ("ofemployees", field(StandardField::NoOfEmployees)),
    ("employees", field(StandardField::NoOfEmployees)),
    ("companysize", field(StandardField::NoOfEmployees)),
    ("employeecount", field(StandardField::NoOfEmployees)),
    (
        "purchasingtimeframe",
        field(StandardField::PurchasingTimeFrame),
    ),
    (
        "purchasetimeframe",
        field(StandardField::PurchasingTimeFrame),
    ),
    ("buyingtimeframe", field(StandardField::PurchasingTimeFrame)),
    (
        "roleinpurchaseprocess",
        field(StandardField::RoleInPurchaseProcess),
    ),
    (
        "roleinpurchasingprocess",
        field(StandardField::RoleInPurchaseProcess),
    ),
    (
        "purchasingrole",
        field(StandardField::RoleInPurchaseProcess),
    ),
    ("language", field(StandardField::Language)),
    ("preferredlanguage", field(StandardField::Language)),
    // Other European languages: German, French, Spanish, Italian, Portuguese, Dutch, Polish,
    // the Nordic languages and Finnish (spelled as the squashed header: lower case, no spaces or
    // punctuation, accents kept).
    ("correo", field(StandardField::Email)),
    ("correoelectronico", field(StandardField::Email)),
    ("correoelectrónico", field(StandardField::Email)),
    ("emailadresse", field(StandardField::Email)),
    ("mailadresse", field(StandardField::Email)),
    ("emailadres", field(StandardField::Email)),
    ("epost", field(StandardField::Email)),
    ("epostadress", field(StandardField::Email)),
    ("epostadresse", field(StandardField::Email)),
    ("courriel", field(StandardField::Email)),
    ("adressecourriel", field(StandardField::Email)),
    ("adresseemail", field(StandardField::Email)),
    ("adressemail", field(StandardField::Email)),
    ("adresseélectronique", field(StandardField::Email)),
    ("postaelettronica", field(StandardField::Email)),
    ("indirizzoemail", field(StandardField::Email)),
    ("enderecodeemail", field(StandardField::Email)),
    ("endereçodeemail", field(StandardField::Email)),
    ("endereçoemail", field(StandardField::Email)),
    ("adresemail", field(StandardField::Email)),
    ("sähköposti", field(StandardField::Email)),
    ("sähköpostiosoite", field(StandardField::Email)),
    ("prenom", field(StandardField::FirstName)),
    ("nombre", field(StandardField::FirstName)),
    ("nombres", field(StandardField::FirstName)),
    ("nome", field(StandardField::FirstName)),
    ("primeironome", field(StandardField::FirstName)),
    ("voornaam", field(StandardField::FirstName)),
    ("imię", field(StandardField::FirstName)),
    ("imie", field(StandardField::FirstName)),
    ("förnamn", field(StandardField::FirstName)),
    ("fornamn", field(StandardField::FirstName)),
    ("fornavn", field(StandardField::FirstName)),
    ("etunimi", field(StandardField::FirstName)),
    ("familienname", field(StandardField::LastName)),
    ("nom", field(StandardField::LastName)),
    ("nomdefamille", field(StandardField::LastName)),
    ("apellido", field(StandardField::LastName)),
    ("apellidos", field(StandardField::LastName)),
    ("cognome", field(StandardField::LastName)),
    ("sobrenome", field(StandardField::LastName)),
    ("apelido", field(StandardField::LastName)),
    ("achternaam", field(StandardField::LastName)),
    ("nazwisko", field(StandardField::LastName)),
    ("efternamn", field(StandardField::LastName)),
    ("etternavn", field(StandardField::LastName)),
    ("efternavn", field(StandardField::LastName)),
    ("sukunimi", field(StandardField::LastName)),
    ("vollständigername", HeaderTarget::FullName),
    ("vollername", HeaderTarget::FullName),
    ("nomcomplet", HeaderTarget::FullName),
    ("nomprénom", HeaderTarget::FullName),
    ("nombrecompleto", HeaderTarget::FullName),
    ("nombreyapellidos", HeaderTarget::FullName),
    ("nomecompleto", HeaderTarget::FullName),
    ("nomeecognome", HeaderTarget::FullName),
    ("volledigenaam", HeaderTarget::FullName),
    ("imięinazwisko", HeaderTarget::FullName),
    ("imieinazwisko", HeaderTarget::FullName),
    ("fulltnamn", HeaderTarget::FullName),
    ("namn", HeaderTarget::FullName),
    ("naam", HeaderTarget::FullName),
    ("firma", field(StandardField::Org)),
    ("firmenname", field(StandardField::Org)),
    ("unternehmen", field(StandardField::Org)),
    ("société", field(StandardField::Org)),
    ("societe", field(StandardField::Org)),
    ("entreprise", field(StandardField::Org)),
    ("nomdelentreprise", field(StandardField::Org)),
    ("empresa", field(StandardField::Org)),
    ("nombredelaempresa", field(StandardField::Org)),
    ("organización", field(StandardField::Org)),
    ("organizacion", field(StandardField::Org)),
    ("azienda", field(StandardField::Org)),
    ("società", field(StandardField::Org)),
    ("societa", field(StandardField::Org)),
    ("ragionesociale", field(StandardField::Org)),
    ("organizzazione", field(StandardField::Org)),
    ("organização", field(StandardField::Org)),
    ("organizacao", field(StandardField::Org)),
    ("nomedaempresa", field(StandardField::Org)),
    ("bedrijf", field(StandardField::Org)),
    ("bedrijfsnaam", field(StandardField::Org)),
    ("organisatie", field(StandardField::Org)),
    ("firmanaam", field(StandardField::Org)),
    ("nazwafirmy", field(StandardField::Org)),
    ("instytucja", field(StandardField::Org)),
    ("företag", field(StandardField::Org)),
    ("foretag", field(StandardField::Org)),
    ("virksomhed", field(StandardField::Org)),
    ("yritys", field(StandardField::Org)),
    ("telefon", field(StandardField::Phone)),
    ("telefonnummer", field(StandardField::Phone)),
    ("téléphone", field(StandardField::Phone)),
    ("numérodetéléphone", field(StandardField::Phone)),
    ("teléfono", field(StandardField::Phone)),
    ("telefono", field(StandardField::Phone)),
    ("numerodetelefono", field(StandardField::Phone)),
    ("telefone", field(StandardField::Phone)),
    ("numerodetelefone", field(StandardField::Phone)),
    ("telefoon", field(StandardField::Phone)),
    ("telefoonnummer", field(StandardField::Phone)),
    ("numertelefonu", field(StandardField::Phone)),
    ("mobiltelefon", field(StandardField::Phone)),
    ("handy", field(StandardField::Phone)),
    ("portable", field(StandardField::Phone)),
    ("móvil", field(StandardField::Phone)),
    ("movil", field(StandardField::Phone)),
    ("cellulare", field(StandardField::Phone)),
    ("celular", field(StandardField::Phone)),
    ("telemóvel", field(StandardField::Phone)),
    ("puhelin", field(StandardField::Phone)),
    ("puhelinnumero", field(StandardField::Phone)),
    ("land", field(StandardField::Country)),
    ("pays", field(StandardField::Country)),
    ("país", field(StandardField::Country)),
    ("pais", field(StandardField::Country)),
    ("paese", field(StandardField::Country)),
    ("nazione", field(StandardField::Country)),
    ("kraj", field(StandardField::Country)),
    ("stadt", field(StandardField::City)),
    ("ort", field(StandardField::City)),
    ("wohnort", field(StandardField::City)),
    ("ville", field(StandardField::City)),
    ("ciudad", field(StandardField::City)),
    ("localidad", field(StandardField::City)),
    ("città", field(StandardField::City)),
    ("citta", field(StandardField::City)),
    ("cidade", field(StandardField::City)),
    ("stad", field(StandardField::City)),
    ("plaats", field(StandardField::City)),
    ("woonplaats", field(StandardField::City)),
    ("miasto", field(StandardField::City)),
    ("miejscowość", field(StandardField::City)),
    ("kaupunki", field(StandardField::City)),
    ("bundesland", field(StandardField::State)),
    ("région", field(StandardField::State)),
    ("provincia", field(StandardField::State)),
    ("estado", field(StandardField::State)),
    ("regione", field(StandardField::State)),
    ("provincie", field(StandardField::State)),
    ("województwo", field(StandardField::State)),
    ("wojewodztwo", field(StandardField::State)),
    ("län", field(StandardField::State)),
    ("kanton", field(StandardField::State)),
    ("plz", field(StandardField::Zip)),
    ("postleitzahl", field(StandardField::Zip)),
    ("codepostal", field(StandardField::Zip)),
    ("códigopostal", field(StandardField::Zip)),
    ("codigopostal", field(StandardField::Zip)),
    ("cap", field(StandardField::Zip)),
    ("codicepostale", field(StandardField::Zip)),
    ("kodpocztowy", field(StandardField::Zip)),
    ("postnummer", field(StandardField::Zip)),
    ("postinumero", field(StandardField::Zip)),
    ("adresse", field(StandardField::Address)),
    ("straße", field(StandardField::Address)),
    ("strasse", field(StandardField::Address)),
    ("anschrift", field(StandardField::Address)),
    ("dirección", field(StandardField::Address)),
    ("direccion", field(StandardField::Address)),
    ("indirizzo", field(StandardField::Address)),
    ("endereço", field(StandardField::Address)),
    ("endereco", field(StandardField::Address)),
    ("adres", field(StandardField::Address)),
    ("ulica", field(StandardField::Address)),
    ("adress", field(StandardField::Address)),
    ("gatuadress", field(StandardField::Address)),
    ("osoite", field(StandardField::Address)),
    ("berufsbezeichnung", field(StandardField::JobTitle)),
    ("funktion", field(StandardField::JobTitle)),
    ("jobtitel", field(StandardField::JobTitle)),
    ("stellenbezeichnung", field(StandardField::JobTitle)),
    ("poste", field(StandardField::JobTitle)),
    ("fonction", field(StandardField::JobTitle)),
    ("titredeposte", field(StandardField::JobTitle)),
    ("cargo", field(StandardField::JobTitle)),
    ("puesto", field(StandardField::JobTitle)),
    ("ruolo", field(StandardField::JobTitle)),
    ("qualifica", field(StandardField::JobTitle)),
    ("mansione", field(StandardField::JobTitle)),
    ("functie", field(StandardField::JobTitle)),
    ("functietitel", field(StandardField::JobTitle)),
    ("stanowisko", field(StandardField::JobTitle)),
    ("befattning", field(StandardField::JobTitle)),
    ("tehtävänimike", field(StandardField::JobTitle)),
    ("branche", field(StandardField::Industry)),
    ("secteur", field(StandardField::Industry)),
    ("industria", field(StandardField::Industry)),
    ("settore", field(StandardField::Industry)),
    ("setor", field(StandardField::Industry)),
    ("branża", field(StandardField::Industry)),
    ("bransch", field(StandardField::Industry)),
    ("toimiala", field(StandardField::Industry)),
    ("sprache", field(StandardField::Language)),
    ("langue", field(StandardField::Language)),
    ("idioma", field(StandardField::Language)),
    ("lingua", field(StandardField::Language)),
    ("língua", field(StandardField::Language)),
    ("taal", field(StandardField::Language)),
    ("język", field(StandardField::Language)),
    ("språk", field(StandardField::Language)),
    ("kommentar", field(StandardField::Comments)),
    ("kommentare", field(StandardField::Comments)),
    ("bemerkungen", field(StandardField::Comments)),
    ("anmerkungen", field(StandardField::Comments)),
    ("commentaire", field(StandardField::Comments)),
    ("commentaires", field(StandardField::Comments)),
    ("remarques", field(StandardField::Comments)),
    ("comentarios", field(StandardField::Comments)),
    ("comentario", field(StandardField::Comments)),
    ("observaciones", field(StandardField::Comments)),
    ("commenti", field(StandardField::Comments)),
    ("osservazioni", field(StandardField::Comments)),
    ("comentários", field(StandardField::Comments)),
    ("opmerkingen", field(StandardField::Comments)),
    ("uwagi", field(StandardField::Comments)),
    ("kommentarer", field(StandardField::Comments)),
    ("mitarbeiter", field(StandardField::NoOfEmployees)),
    ("mitarbeiterzahl", field(StandardField::NoOfEmployees)),
    ("anzahlmitarbeiter", field(StandardField::NoOfEmployees)),
    ("effectif", field(StandardField::NoOfEmployees)),
    ("empleados", field(StandardField::NoOfEmployees)),
    ("numerodeempleados", field(StandardField::NoOfEmployees)),
    ("dipendenti", field(StandardField::NoOfEmployees)),
    ("funcionários", field(StandardField::NoOfEmployees)),
    ("medewerkers", field(StandardField::NoOfEmployees)),
    ("werknemers", field(StandardField::NoOfEmployees)),
    ("pracownicy", field(StandardField::NoOfEmployees)),
    ("anställda", field(StandardField::NoOfEmployees)),
];

/// Prefixes of order exports that describe the purchaser rather than the attendee.
const BUYER_PREFIXES: &[&str] = &["buyer", "purchaser", "orderer", "billing", "ordered by"];

/// Words that make a header about email something other than the address itself.
const NOT_AN_EMAIL_ADDRESS: &[&str] = &[
    "optin",
    "optout",
    "consent",
    "subscri",
    "marketing",
    "permission",
    "newsletter",
    "verified",
    "confirmed",
    "bounced",
    "status",
    "domain",
];

const fn field(standard: StandardField) -> HeaderTarget {
    HeaderTarget::Field(standard)
}

/// Guesses what a header holds: an exact alias, the buyer's copy of one, or (for the identity
/// fields only) a telling keyword inside a longer question text.
pub fn guess_header(header: &str) -> Option<HeaderGuess> {
    let squashed = squash(header);
    if squashed.is_empty() {
        return None;
    }
    let alias = |s: &str| {
        ALIASES
            .iter()
            .find(|(alias, _)| *alias == s)
            .map(|(_, target)| *target)
    };
    if let Some(target) = alias(&squashed) {
        return Some(HeaderGuess {
            target,
            confidence: Confidence::Alias,
        });
    }
    let lower = header.trim().to_lowercase();
    for prefix in BUYER_PREFIXES {
        if let Some(rest) = lower.strip_prefix(prefix)
            && let Some(target) = alias(&squash(rest))
        {
            return Some(HeaderGuess {
                target,
                confidence: Confidence::Buyer,
            });
        }
    }
    keyword_guess(&squashed).map(|target| HeaderGuess {
        target,
        confidence: Confidence::Keyword,
    })
}

/// Form tools export the question as the header ("What's your email address?", "And your last
/// name?"); only the identity fields are guessed this way, since a wrong guess there is obvious
/// in the preview and a missing one blocks everything.
fn keyword_guess(squashed: &str) -> Option<HeaderTarget> {
    let has = |word: &str| squashed.contains(word);
    if has("email") || has("emailaddress") {
        if NOT_AN_EMAIL_ADDRESS.iter().any(|word| has(word)) {
            return None;
        }
        return Some(field(StandardField::Email));
    }
    let first = has("firstname") || has("givenname") || has("forename");
    let last = has("lastname") || has("surname") || has("familyname");
    // "First and last name" names both without saying "first name".
    let both = last && (first || has("first"));
    match (first, last) {
        _ if both => Some(HeaderTarget::FullName),
        (true, false) => Some(field(StandardField::FirstName)),
        (false, true) => Some(field(StandardField::LastName)),
        (false, false) if has("fullname") || squashed.ends_with("name") => {
            let other_names = [
                "company", "organ", "business", "user", "event", "file", "team",
            ];
            (!other_names.iter().any(|word| has(word))).then_some(HeaderTarget::FullName)
        }
        _ => None,
    }
}

/// Headers of a column that names each row's meeting or webinar (by ID, link or topic), compared
/// after [`squash`]: `regdesk import FILE` without a meeting ID registers each row into its event.
const EVENT_COLUMN_ALIASES: &[&str] = &[
    "event",
    "eventid",
    "eventname",
    "eventtitle",
    "meeting",
    "meetingid",
    "meetingnumber",
    "meetingtopic",
    "meetinglink",
    "webinar",
    "webinarid",
    "webinartopic",
    "webinarlink",
    "zoommeeting",
    "zoommeetingid",
    "zoomwebinar",
    "zoomwebinarid",
    "zoomid",
    "zoomlink",
    "session",
    "sessionid",
    // German, French, Spanish, Italian, Portuguese, Dutch, Polish, Swedish, Danish, Norwegian,
    // Finnish.
    "veranstaltung",
    "veranstaltungsid",
    "besprechung",
    "besprechungsid",
    "meetingkennung",
    "événement",
    "évènement",
    "evenement",
    "réunion",
    "evento",
    "reunión",
    "riunione",
    "reunião",
    "bijeenkomst",
    "vergadering",
    "wydarzenie",
    "spotkanie",
    "evenemang",
    "möte",
    "begivenhed",
    "møde",
    "arrangement",
    "møte",
    "tapahtuma",
    "kokous",
];

/// Whether a header names each row's event (see [`EVENT_COLUMN_ALIASES`]).
pub fn is_event_column_header(header: &str) -> bool {
    let squashed = squash(header);
    !squashed.is_empty() && EVENT_COLUMN_ALIASES.contains(&squashed.as_str())
}

/// Headers that name one half of a name beside the other half but often the whole name alone:
/// French "Nom" is the family name next to "Prénom", and the whole name on a sheet without
/// one; Spanish "Nombre" and Portuguese or Italian "Nome" likewise for the given name.
const HALF_OR_WHOLE_NAME: &[&str] = &["nom", "nombre", "nome"];

/// Whether `header` names the whole name when no column names the other half (see
/// [`HALF_OR_WHOLE_NAME`]).
pub fn may_be_the_whole_name(header: &str) -> bool {
    HALF_OR_WHOLE_NAME.contains(&squash(header).as_str())
}

/// Headers of what Zoom sets for each registrant and no one can send (compared after
/// [`squash`]), with what each holds: the columns of `regdesk export` and of Zoom's own CSV
/// that an import reads past. Zoom's add-registrant body has none of them (its OpenAPI file).
const SET_BY_ZOOM: &[(&str, &str)] = &[
    ("id", "the registrant's ID"),
    ("registrantid", "the registrant's ID"),
    ("status", "the approval status"),
    ("approvalstatus", "the approval status"),
    ("registrationstatus", "the approval status"),
    ("createtime", "the registration time"),
    ("registrationtime", "the registration time"),
    ("registrationdate", "the registration time"),
    ("registered", "the registration time"),
    ("joinurl", "the join link"),
    ("joinlink", "the join link"),
    ("participantpincode", "the participant PIN"),
];

/// What a header's column holds when Zoom sets it for each registrant (the registrant's ID,
/// status, registration time, join link, PIN): an import cannot send it.
pub fn set_by_zoom(header: &str) -> Option<&'static str> {
    let squashed = squash(header);
    SET_BY_ZOOM
        .iter()
        .find(|(alias, _)| *alias == squashed)
        .map(|(_, what)| *what)
}

/// Lowercase letters and digits only: headers and values compared without case, spaces or
/// punctuation ("E-mail Address" = "emailaddress", "500 - 1.000" ≠ "500-1,000" but
/// "500-1000" = "500-1,000").
pub fn squash(value: &str) -> String {
    value
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(header: &str) -> Option<HeaderTarget> {
        guess_header(header).map(|g| g.target)
    }

    #[test]
    fn zoom_and_common_export_headers_are_recognised() {
        use StandardField::*;
        for (header, field) in [
            ("email", Email),
            ("E-mail", Email),
            ("Email Address", Email),
            ("EMAIL", Email),
            ("first_name", FirstName),
            ("First Name", FirstName),
            ("Given name", FirstName),
            ("last_name", LastName),
            ("Surname", LastName),
            ("Company", Org),
            ("Organisation", Org),
            ("Job Title", JobTitle),
            ("Phone Number", Phone),
            ("Cell Phone", Phone),
            ("State/Region", State),
            ("Zip/Postal Code", Zip),
            ("Postal Code", Zip),
            ("Country/Region", Country),
            ("Questions & Comments", Comments),
            ("Number of Employees", NoOfEmployees),
            ("Role in Purchase Process", RoleInPurchaseProcess),
        ] {
            assert_eq!(target(header), Some(HeaderTarget::Field(field)), "{header}");
        }
        assert_eq!(target("Name"), Some(HeaderTarget::FullName));
        assert_eq!(target("Full name"), Some(HeaderTarget::FullName));
    }

    #[test]
    fn buyer_columns_rank_below_attendee_columns() {
        let buyer = guess_header("Buyer Email").unwrap();
        let attendee = guess_header("Email").unwrap();
        assert_eq!(buyer.target, field(StandardField::Email));
        assert!(buyer.confidence < attendee.confidence);
    }

    #[test]
    fn form_questions_are_recognised_by_keyword_but_consent_columns_are_not() {
        assert_eq!(
            target("What's your email address?"),
            Some(field(StandardField::Email))
        );
        assert_eq!(
            target("And your last name?"),
            Some(field(StandardField::LastName))
        );
        assert_eq!(
            target("Please enter your first and last name"),
            Some(HeaderTarget::FullName)
        );
        assert_eq!(target("What is your name?"), Some(HeaderTarget::FullName));
        assert_eq!(target("Email opt-in"), None);
        assert_eq!(target("Marketing emails consent"), None);
        assert_eq!(target("Company name?"), Some(field(StandardField::Org)));
        assert_eq!(target("Event name"), None);
        assert_eq!(target("Timestamp"), None);
        assert!(
            guess_header("What's your email address?")
                .unwrap()
                .confidence
                < Confidence::Buyer
        );
    }

    #[test]
    fn email_syntax_is_checked_strictly() {
        for good in [
            "ann@example.com",
            "a.b+tag@sub.example.co.uk",
            "O'Neil@x.ie",
        ] {
            assert!(is_valid_email(good), "{good}");
        }
        for bad in [
            "",
            "anonymous",
            "ann@",
            "@x.org",
            "ann@localhost",
            "ann@@x.org",
            "Ann <ann@x.org>",
            "ann @x.org",
            "ann@x.org,bob@x.org",
            "ann@[127.0.0.1]",
            "\"a b\"@x.org",
        ] {
            assert!(!is_valid_email(bad), "{bad}");
        }
    }

    #[test]
    fn enum_values_match_case_and_separators_insensitively() {
        use StandardField::*;
        assert_eq!(
            canonical_enum_value(RoleInPurchaseProcess, "decision maker"),
            Some("Decision Maker")
        );
        assert_eq!(
            canonical_enum_value(NoOfEmployees, "500-1000"),
            Some("500-1,000")
        );
        assert_eq!(
            canonical_enum_value(NoOfEmployees, "more than 10000"),
            Some("More than 10,000")
        );
        assert_eq!(
            canonical_enum_value(PurchasingTimeFrame, "1 - 3 Months"),
            Some("1-3 months")
        );
        assert_eq!(canonical_enum_value(Language, "tr-tr"), Some("Tr-TR"));
        assert_eq!(canonical_enum_value(NoOfEmployees, "lots"), None);
        assert_eq!(canonical_enum_value(City, "Paris"), None);
    }

    /// Spreadsheets from German, French, Spanish, Italian, Portuguese, Dutch, Polish and Swedish
    /// teams map without --map (and `--map Firma=…` finds the same fields by these words).
    #[test]
    fn european_language_headers_are_recognised() {
        let expected: &[(&str, HeaderTarget)] = &[
            ("Firma", field(StandardField::Org)),
            ("Empresa", field(StandardField::Org)),
            ("Société", field(StandardField::Org)),
            ("Azienda", field(StandardField::Org)),
            ("Bedrijf", field(StandardField::Org)),
            ("Företag", field(StandardField::Org)),
            ("Vorname", field(StandardField::FirstName)),
            ("Prénom", field(StandardField::FirstName)),
            ("Nombre", field(StandardField::FirstName)),
            ("Nome", field(StandardField::FirstName)),
            ("Voornaam", field(StandardField::FirstName)),
            ("Imię", field(StandardField::FirstName)),
            ("Förnamn", field(StandardField::FirstName)),
            ("Nachname", field(StandardField::LastName)),
            ("Nom", field(StandardField::LastName)),
            ("Apellido", field(StandardField::LastName)),
            ("Apellidos", field(StandardField::LastName)),
            ("Cognome", field(StandardField::LastName)),
            ("Sobrenome", field(StandardField::LastName)),
            ("Achternaam", field(StandardField::LastName)),
            ("Nazwisko", field(StandardField::LastName)),
            ("Efternamn", field(StandardField::LastName)),
            ("Correo electrónico", field(StandardField::Email)),
            ("Correo", field(StandardField::Email)),
            ("Courriel", field(StandardField::Email)),
            ("Telefon", field(StandardField::Phone)),
            ("Téléphone", field(StandardField::Phone)),
            ("Teléfono", field(StandardField::Phone)),
            ("Telefono", field(StandardField::Phone)),
            ("Land", field(StandardField::Country)),
            ("Pays", field(StandardField::Country)),
            ("País", field(StandardField::Country)),
            ("Paese", field(StandardField::Country)),
            ("Kraj", field(StandardField::Country)),
            ("Stadt", field(StandardField::City)),
            ("Ville", field(StandardField::City)),
            ("Ciudad", field(StandardField::City)),
            ("Città", field(StandardField::City)),
            ("Miasto", field(StandardField::City)),
            ("PLZ", field(StandardField::Zip)),
            ("Code postal", field(StandardField::Zip)),
            ("Straße", field(StandardField::Address)),
            ("Nom complet", HeaderTarget::FullName),
            ("Nombre completo", HeaderTarget::FullName),
            ("Imię i nazwisko", HeaderTarget::FullName),
        ];
        for (header, wanted) in expected {
            assert_eq!(target(header), Some(*wanted), "{header}");
        }
        assert_eq!(StandardField::find("Firma"), Some(StandardField::Org));
        assert_eq!(StandardField::find("Teléfono"), Some(StandardField::Phone));
    }

    #[test]
    fn standard_fields_are_found_by_name_label_or_synonym() {
        assert_eq!(
            StandardField::find("Job Title"),
            Some(StandardField::JobTitle)
        );
        assert_eq!(
            StandardField::find("no_of_employees"),
            Some(StandardField::NoOfEmployees)
        );
        assert_eq!(StandardField::find("Company"), Some(StandardField::Org));
        assert_eq!(
            StandardField::find("language"),
            Some(StandardField::Language)
        );
        assert_eq!(
            StandardField::find("Given name"),
            Some(StandardField::FirstName)
        );
        assert_eq!(
            StandardField::find("Surname"),
            Some(StandardField::LastName)
        );
        assert_eq!(StandardField::find("Post code"), Some(StandardField::Zip));
        assert_eq!(
            StandardField::find("Phone number"),
            Some(StandardField::Phone)
        );
        assert_eq!(
            StandardField::find("name"),
            None,
            "a full name is no one field"
        );
        for (word, field) in [
            ("surname", StandardField::LastName),
            ("family name", StandardField::LastName),
            ("organisation", StandardField::Org),
            ("postal code", StandardField::Zip),
            ("zipcode", StandardField::Zip),
            ("province", StandardField::State),
            ("telephone", StandardField::Phone),
        ] {
            assert_eq!(StandardField::find(word), Some(field), "{word}");
        }
        assert_eq!(StandardField::find("favourite colour"), None);
    }
}
