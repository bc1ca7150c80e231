//! The word lists behind rule-based entity extraction: places, organisations, nationalities and
//! events with their alternate names, plus the given-name, surname, title, suffix and common-word
//! lists the rules consult. Built once per process ([`GAZETTEER`]); every lookup is by the
//! `entity_key` form of a word or phrase, so case, hyphens, dots and apostrophes never matter.

use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::LazyLock;

use crate::model::{EntityKind, entity_key};

/// The one shared copy of every table.
pub(super) static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(Gazetteer::build);

/// A known entity: what it is and the name it is shown under.
#[derive(Debug)]
pub(super) struct Entry {
    pub kind: EntityKind,
    pub canonical: &'static str,
    /// `entity_key(canonical)`: the key every alias of the entry maps to.
    pub key: String,
}

/// What a name or alias found in the lists points to.
#[derive(Debug, Clone, Copy)]
pub(super) struct Hit {
    pub entry: usize,
    /// A short all-capitals alias ("US", "WHO", "UN"): it only counts when written in capitals.
    pub caps_only: bool,
    /// The alias is also an English word ("WHO", "US"): ignored inside all-capitals text.
    pub word_like: bool,
}

pub(super) struct Gazetteer {
    pub entries: Vec<Entry>,
    aliases: FxHashMap<String, Hit>,
    /// Every word of every listed name: lets an ALL-CAPS word ("KOREA", "SK") count as a name.
    listed_parts: FxHashSet<String>,
    /// Listed words plus given names and surnames.
    name_parts: FxHashSet<String>,
    pub given_names: FxHashSet<String>,
    pub surnames: FxHashSet<String>,
    /// Words that are capitalised only because they start a sentence or a headline.
    pub common: FxHashSet<&'static str>,
    pub calendar: FxHashSet<&'static str>,
    /// Months that are also given names ("Theresa May"): kept after a given name or title.
    pub name_months: FxHashSet<&'static str>,
    pub titles: FxHashSet<&'static str>,
    pub org_suffixes: FxHashSet<&'static str>,
    pub place_suffixes: FxHashSet<&'static str>,
    pub misc_suffixes: FxHashSet<&'static str>,
    pub misc_heads: FxHashSet<&'static str>,
    pub connectors: FxHashSet<&'static str>,
    /// Connectors that may sit inside a person's name ("de Gaulle", "bin Salman").
    pub particles: FxHashSet<&'static str>,
    pub speech_verbs: FxHashSet<&'static str>,
    /// Possessive words that belong to a name ("People's Republic", "Workers' Party").
    pub keep_possessive: FxHashSet<&'static str>,
    /// Keys of listed names written with a possessive ("McDonald's" → "mcdonalds").
    pub possessive_names: FxHashSet<String>,
    /// Abbreviations whose dot does not end a sentence ("Mr.", "Gen.").
    pub abbreviations: FxHashSet<&'static str>,
    /// Lower-case tails that make a hyphenated word an adjective ("Seoul-based").
    pub hyphen_tails: FxHashSet<&'static str>,
    /// Lower-case prefixes of Arabic and Romance names ("al-Assad", "d'Ivoire").
    pub name_prefixes: FxHashSet<&'static str>,
}

impl Gazetteer {
    fn build() -> Self {
        let words = |text: &'static str| text.split_whitespace().collect::<FxHashSet<&'static str>>();
        let keys =
            |text: &'static str| text.split_whitespace().map(entity_key).collect::<FxHashSet<String>>();
        let mut gazetteer = Gazetteer {
            entries: Vec::new(),
            aliases: FxHashMap::default(),
            listed_parts: FxHashSet::default(),
            name_parts: FxHashSet::default(),
            given_names: keys(GIVEN_NAMES),
            surnames: keys(SURNAMES),
            common: words(COMMON_WORDS),
            calendar: words(CALENDAR),
            name_months: words("may june april august"),
            titles: words(TITLES),
            org_suffixes: words(ORG_SUFFIXES),
            place_suffixes: words(PLACE_SUFFIXES),
            misc_suffixes: words(MISC_SUFFIXES),
            misc_heads: words(MISC_HEADS),
            connectors: words(
                "of the and for de du da la le van von der den bin al del di dos das ibn el ter zu y",
            ),
            particles: words("de du da la le van von der den bin al del di dos das ibn el ter zu y"),
            speech_verbs: words(SPEECH_VERBS),
            keep_possessive: words(KEEP_POSSESSIVE),
            possessive_names: FxHashSet::default(),
            abbreviations: words(ABBREVIATIONS),
            hyphen_tails: words(HYPHEN_TAILS),
            name_prefixes: words("al el ad ar as ash at az an d l dell"),
        };
        gazetteer.add_entries(PLACES, EntityKind::Location);
        gazetteer.add_entries(ORGANISATIONS, EntityKind::Org);
        gazetteer.add_entries(DEMONYMS, EntityKind::Misc);
        gazetteer.add_entries(EVENTS, EntityKind::Misc);
        let listed: FxHashSet<String> =
            gazetteer.aliases.keys().flat_map(|key| key.split(' ')).map(str::to_owned).collect();
        let names = gazetteer.given_names.iter().chain(&gazetteer.surnames);
        gazetteer.name_parts = listed.iter().chain(names).cloned().collect();
        gazetteer.listed_parts = listed;
        gazetteer
    }

    /// Adds one entry per line: `Canonical|alias|alias`; a trailing `+` on a name also adds
    /// its plural ("Korean+" → "Korean", "Koreans").
    fn add_entries(&mut self, table: &'static str, kind: EntityKind) {
        for line in table.lines().map(str::trim).filter(|line| !line.is_empty()) {
            let mut names = line.split('|').map(str::trim);
            let Some(first) = names.next() else { continue };
            let canonical = first.trim_end_matches('+');
            let index = self.entries.len();
            self.entries.push(Entry { kind, canonical, key: entity_key(canonical) });
            for name in std::iter::once(first).chain(names) {
                let base = name.trim_end_matches('+');
                if base.ends_with("'s") || base.ends_with("’s") {
                    self.possessive_names.insert(entity_key(base));
                }
                self.add_alias(base, index);
                if name.ends_with('+') {
                    self.add_alias(&format!("{base}s"), index);
                }
            }
        }
    }

    fn add_alias(&mut self, alias: &str, entry: usize) {
        let key = entity_key(alias);
        if key.is_empty() {
            return;
        }
        let letters = alias.chars().filter(|c| c.is_alphabetic()).count();
        let all_caps = alias.chars().all(|c| !c.is_lowercase());
        let caps_only = all_caps && letters <= 3;
        let word_like = caps_only && self.common.contains(key.as_str());
        // The first list that names a key keeps it ("Georgia" the country before the state).
        self.aliases.entry(key).or_insert(Hit { entry, caps_only, word_like });
    }

    /// The listed entity whose name or alias has this key.
    pub fn lookup(&self, key: &str) -> Option<Hit> {
        self.aliases.get(key).copied()
    }

    /// Every listed name and alias by key, with what it points to.
    pub fn aliases(&self) -> impl Iterator<Item = (&str, Hit)> {
        self.aliases.iter().map(|(key, hit)| (key.as_str(), *hit))
    }

    /// True when the word (a key) is part of a listed name.
    pub fn is_listed_part(&self, key: &str) -> bool {
        self.listed_parts.contains(key)
    }

    /// True when the word (a key) is part of any listed name, given name or surname.
    pub fn is_name_part(&self, key: &str) -> bool {
        self.name_parts.contains(key)
    }
}

/// Countries (with common alternate names), cities, states and regions.
const PLACES: &str = "
Afghanistan
Albania
Algeria
Andorra
Angola
Antigua and Barbuda
Argentina
Armenia
Australia
Austria
Azerbaijan
Bahamas|The Bahamas
Bahrain
Bangladesh
Barbados
Belarus
Belgium
Belize
Benin
Bhutan
Bolivia
Bosnia and Herzegovina|Bosnia|Bosnia-Herzegovina
Botswana
Brazil
Brunei
Bulgaria
Burkina Faso
Burundi
Cambodia
Cameroon
Canada
Cape Verde|Cabo Verde
Central African Republic
Chad
Chile
China|People's Republic of China|PRC|Mainland China
Colombia
Comoros
Congo|Republic of the Congo|Congo-Brazzaville
Democratic Republic of the Congo|DR Congo|DRC|Congo-Kinshasa
Costa Rica
Côte d'Ivoire|Cote d'Ivoire|Ivory Coast
Croatia
Cuba
Cyprus
Czech Republic|Czechia
Denmark
Djibouti
Dominica
Dominican Republic
Ecuador
Egypt
El Salvador
Equatorial Guinea
Eritrea
Estonia
Eswatini|Swaziland
Ethiopia
Fiji
Finland
France
Gabon
Gambia|The Gambia
Georgia
Germany
Ghana
Greece
Grenada
Guatemala
Guinea
Guinea-Bissau
Guyana
Haiti
Honduras
Hungary
Iceland
India
Indonesia
Iran
Iraq
Ireland|Republic of Ireland|Eire
Israel
Italy
Jamaica
Japan
Jordan
Kazakhstan
Kenya
Kiribati
Kosovo
Kuwait
Kyrgyzstan
Laos
Latvia
Lebanon
Lesotho
Liberia
Libya
Liechtenstein
Lithuania
Luxembourg
Madagascar
Malawi
Malaysia
Maldives
Mali
Malta
Marshall Islands
Mauritania
Mauritius
Mexico
Micronesia
Moldova
Monaco
Mongolia
Montenegro
Morocco
Mozambique
Myanmar|Burma
Namibia
Nauru
Nepal
Netherlands|The Netherlands|Holland
New Zealand
Nicaragua
Niger
Nigeria
North Korea|DPRK|D.P.R.K.|Democratic People's Republic of Korea|N. Korea
North Macedonia|Macedonia
Norway
Oman
Pakistan
Palau
Palestine|Palestinian Territories|Occupied Palestinian Territories
Panama
Papua New Guinea
Paraguay
Peru
Philippines|The Philippines
Poland
Portugal
Qatar
Romania
Russia|Russian Federation
Rwanda
Saint Kitts and Nevis
Saint Lucia
Saint Vincent and the Grenadines
Samoa
San Marino
Sao Tome and Principe
Saudi Arabia
Senegal
Serbia
Seychelles
Sierra Leone
Singapore
Slovakia
Slovenia
Solomon Islands
Somalia
South Africa
South Korea|ROK|Republic of Korea|S. Korea
South Sudan
Spain
Sri Lanka
Sudan
Suriname
Sweden
Switzerland
Syria
Taiwan|Republic of China
Tajikistan
Tanzania
Thailand
Timor-Leste|East Timor
Togo
Tonga
Trinidad and Tobago
Tunisia
Turkey|Türkiye|Turkiye
Turkmenistan
Tuvalu
Uganda
Ukraine
United Arab Emirates|UAE|U.A.E.
United Kingdom|UK|U.K.|Britain|Great Britain
United States|US|U.S.|USA|U.S.A.|United States of America|America
Uruguay
Uzbekistan
Vanuatu
Vatican|Vatican City|Holy See
Venezuela
Vietnam|Viet Nam
Yemen
Zambia
Zimbabwe
England
Scotland
Wales
Northern Ireland
Greenland
Puerto Rico
Hong Kong
Macau|Macao
Soviet Union|USSR|U.S.S.R.
Korea
Seoul
Pyongyang
Busan|Pusan
Incheon
Daegu
Daejeon
Gwangju
Ulsan
Suwon
Pyeongchang|PyeongChang
Gangneung
Panmunjom
Kaesong
Sinuiju
Wonsan
Tokyo
Osaka
Kyoto
Yokohama
Nagoya
Sapporo
Fukuoka
Hiroshima
Nagasaki
Kobe
Okinawa
Fukushima
Beijing|Peking
Shanghai
Guangzhou|Canton
Shenzhen
Tianjin
Chongqing
Wuhan
Chengdu
Nanjing
Hangzhou
Xi'an
Harbin
Dalian
Qingdao
Shenyang
Kunming
Lhasa
Urumqi
Taipei
Kaohsiung
Ulaanbaatar|Ulan Bator
Hanoi
Ho Chi Minh City|Saigon
Bangkok
Phuket
Yangon|Rangoon
Naypyidaw
Phnom Penh
Vientiane
Kuala Lumpur
Jakarta
Bali
Surabaya
Manila
Cebu
New Delhi|Delhi
Mumbai|Bombay
Kolkata|Calcutta
Chennai|Madras
Bangalore|Bengaluru
Hyderabad
Ahmedabad
Kabul
Kandahar
Islamabad
Karachi
Lahore
Peshawar
Dhaka
Kathmandu
Colombo
Tehran
Baghdad
Basra
Mosul
Erbil
Fallujah
Damascus
Aleppo
Homs
Beirut
Amman
Jerusalem
Tel Aviv
Ramallah
Riyadh
Jeddah
Mecca
Doha
Dubai
Abu Dhabi
Muscat
Kuwait City
Manama
Sanaa
Aden
Ankara
Istanbul
Izmir
Cairo
Alexandria
Tripoli
Benghazi
Tunis
Algiers
Rabat
Casablanca
Khartoum
Addis Ababa
Nairobi
Mogadishu
Kampala
Kigali
Dar es Salaam
Lagos
Abuja
Accra
Dakar
Kinshasa
Luanda
Harare
Lusaka
Johannesburg
Cape Town
Pretoria
Durban
Moscow
Saint Petersburg|St Petersburg|St. Petersburg
Kyiv|Kiev
Kharkiv|Kharkov
Odesa|Odessa
Lviv
Mariupol
Donetsk
Luhansk
Kherson
Zaporizhzhia
Minsk
Warsaw
Krakow|Kraków
Prague
Vienna
Budapest
Bratislava
Bucharest
Sofia
Belgrade
Zagreb
Sarajevo
Ljubljana
Skopje
Tirana
Athens
Thessaloniki
Rome
Milan
Naples
Turin
Florence
Venice
Bologna
Genoa
Palermo
Madrid
Barcelona
Valencia
Seville
Bilbao
Malaga
Lisbon
Porto
Paris
Marseille
Lyon
Toulouse
Bordeaux
Lille
Strasbourg
Cannes
Brussels
Antwerp
Amsterdam
Rotterdam
The Hague|Hague
Berlin
Munich
Hamburg
Frankfurt
Cologne
Stuttgart
Düsseldorf|Dusseldorf
Dresden
Leipzig
Bonn
Zurich|Zürich
Geneva
Bern
Basel
Lausanne
Davos
Copenhagen
Stockholm
Oslo
Helsinki
Reykjavik
Tallinn
Riga
Vilnius
Dublin
Belfast
London
Manchester
Birmingham
Liverpool
Leeds
Glasgow
Edinburgh
Cardiff
Bristol
Newcastle
Sheffield
Nottingham
Leicester
Southampton
Oxford
Cambridge
Brighton
Aberdeen
Swansea
Coventry
Westminster
New York|New York City|NYC
Los Angeles
Chicago
Houston
Phoenix
Philadelphia
San Antonio
San Diego
Dallas
San Jose
Austin
San Francisco
Seattle
Denver
Boston
Detroit
Nashville
Memphis
Portland
Las Vegas
Baltimore
Atlanta
Miami
Orlando
Tampa
New Orleans
Cleveland
Pittsburgh
Cincinnati
St Louis|St. Louis|Saint Louis
Kansas City
Minneapolis
Milwaukee
Salt Lake City
Sacramento
Honolulu
Anchorage
Washington|Washington DC|Washington D.C.
Hollywood
Brooklyn
Manhattan
Toronto
Montreal
Vancouver
Ottawa
Calgary
Mexico City
Guadalajara
Havana
Bogota|Bogotá
Medellin|Medellín
Caracas
Lima
Quito
La Paz
Santiago
Buenos Aires
Montevideo
Rio de Janeiro|Rio
Sao Paulo|São Paulo
Brasilia|Brasília
Sydney
Melbourne
Brisbane
Perth
Adelaide
Canberra
Auckland
Wellington
Christchurch
Papeete
Tahiti
Teahupo'o|Teahupoo
Guam
Tbilisi
Yerevan
Baku
Tashkent
Astana|Nur-Sultan
Almaty
Bishkek
Dushanbe
Chisinau
Sochi
Vladivostok
Novosibirsk
Grozny
Sevastopol
Bakhmut
Alabama
Alaska
Arizona
Arkansas
California
Colorado
Connecticut
Delaware
Florida
Hawaii
Idaho
Illinois
Indiana
Iowa
Kansas
Kentucky
Louisiana
Maine
Maryland
Massachusetts
Michigan
Minnesota
Mississippi
Missouri
Montana
Nebraska
Nevada
New Hampshire
New Jersey
New Mexico
North Carolina
North Dakota
Ohio
Oklahoma
Oregon
Pennsylvania
Rhode Island
South Carolina
South Dakota
Tennessee
Texas
Utah
Vermont
Virginia
West Virginia
Wisconsin
Wyoming
Asia
Europe
Africa
North America
South America
Latin America
Central America
Americas|The Americas
Antarctica
Arctic
Oceania
Middle East|Mideast
Far East
East Asia
Southeast Asia|South-East Asia|South East Asia
South Asia
Central Asia
Asia-Pacific|Asia Pacific
Western Europe
Eastern Europe
Central Europe
Scandinavia
Balkans
Baltics
Caucasus
Caribbean
Mediterranean
Persian Gulf
Gulf
Horn of Africa
Sub-Saharan Africa
North Africa
West Africa
East Africa
Sahel
Sahara
Siberia
Pacific|Pacific Ocean
Atlantic|Atlantic Ocean
Indian Ocean
South China Sea
East China Sea
Yellow Sea
Sea of Japan|East Sea
Black Sea
Red Sea
Caspian Sea
Baltic Sea
North Sea
Taiwan Strait
Strait of Hormuz
Korean Peninsula
Demilitarized Zone|Demilitarised Zone|DMZ
Gaza|Gaza Strip
West Bank
Golan Heights
Crimea
Donbas|Donbass
Kashmir
Tibet
Xinjiang
Kurdistan
Darfur
Chechnya
Himalayas
Alps
Andes
Mount Everest|Everest
Silicon Valley
Hokkaido
Jeju|Jeju Island
Gyeonggi
Gangwon
Bavaria
Catalonia
Basque Country
Sicily
Sardinia
Corsica
Normandy
Tasmania
Queensland
New South Wales
Ontario
Quebec
British Columbia
Alberta
Punjab
Kerala
Sichuan
Guangdong
Yunnan
Hainan
Falkland Islands|Falklands
Canary Islands
French Polynesia|Polynesia
";

/// Organisations; acronyms are aliases of their full names.
const ORGANISATIONS: &str = "
United Nations|UN|U.N.
United Nations Security Council|UN Security Council|U.N. Security Council|Security Council|UNSC
United Nations General Assembly|UN General Assembly|U.N. General Assembly
UNESCO|Unesco
UNICEF|Unicef
UN Refugee Agency|UNHCR
World Health Organization|WHO|World Health Organisation
International Monetary Fund|IMF
World Bank
World Trade Organization|WTO|World Trade Organisation
North Atlantic Treaty Organization|NATO|Nato|North Atlantic Treaty Organisation
European Union|EU|E.U.
European Commission
European Parliament
European Central Bank|ECB
Organization of the Petroleum Exporting Countries|OPEC|Opec
Association of Southeast Asian Nations|ASEAN|Asean
African Union
Group of Seven|G7|G-7
Group of Eight|G8|G-8
Group of 20|G20|G-20
World Economic Forum|WEF
International Olympic Committee|IOC
International Paralympic Committee|IPC
FIFA|Fifa
UEFA|Uefa
World Anti-Doping Agency|WADA|Wada
Court of Arbitration for Sport|CAS
International Table Tennis Federation|ITTF
International Atomic Energy Agency|IAEA
International Criminal Court|ICC
International Committee of the Red Cross|ICRC|Red Cross
Amnesty International
Human Rights Watch
Greenpeace
Interpol
Federal Bureau of Investigation|FBI
Central Intelligence Agency|CIA
National Security Agency|NSA
National Aeronautics and Space Administration|NASA|Nasa
Pentagon|Department of Defense|Defense Department
State Department|US State Department|Department of State
White House
Kremlin
Congress|US Congress|U.S. Congress
Federal Reserve|Fed|US Federal Reserve
Securities and Exchange Commission|SEC
Supreme Court|US Supreme Court
Democratic Party|Democrats
Republican Party|Republicans|GOP
British Broadcasting Corporation|BBC
Labour Party|Labour
Conservative Party|Conservatives|Tories|Tory Party
Liberal Democrats|Lib Dems|Lib Dem
Scottish National Party|SNP
UK Independence Party|UKIP|Ukip
Downing Street|Number 10
Home Office
Foreign Office|Foreign and Commonwealth Office
Treasury
Bank of England
House of Commons|Commons
House of Lords
Ofcom
Ofsted
National Health Service|NHS
Metropolitan Police|Met Police|Scotland Yard
MI5
MI6
Financial Services Authority|FSA
London Stock Exchange
New York Stock Exchange|NYSE
Nasdaq
Yonhap|Yonhap News Agency
Korean Central News Agency|KCNA
Workers' Party of Korea|Workers' Party|Korean Workers' Party
Scottish Executive
Scottish Parliament
Welsh Assembly
Korean People's Army|KPA
National Intelligence Service|NIS
Blue House
Samsung|Samsung Electronics
Hyundai|Hyundai Motor
LG|LG Electronics
SK Group
SK Hynix
Kia
Korean Air
Reuters
Associated Press|AP
Agence France-Presse|AFP
United Press International|UPI
Cable News Network|CNN
Fox News
New York Times
Washington Post
Wall Street Journal
Financial Times
Guardian|The Guardian
Bloomberg
Al Jazeera
Xinhua
Kyodo|Kyodo News
NHK
Apple
Google
Alphabet
Microsoft
Amazon
Meta|Meta Platforms
Facebook
Twitter
Tesla
SpaceX
Nvidia
Intel
IBM
Sony
Toyota
Honda
Nissan
Volkswagen
BMW
Mercedes-Benz
General Motors|GM
Ford
Boeing
Airbus
Huawei
Alibaba
Tencent
ByteDance
TikTok
Baidu
Netflix
Disney
Walmart
Coca-Cola
PepsiCo
McDonald's
Starbucks
Nike
Adidas
Shell
BP
ExxonMobil|Exxon
Chevron
Gazprom
Yukos
Saudi Aramco|Aramco
JPMorgan|JPMorgan Chase
Goldman Sachs
Morgan Stanley
Citigroup
HSBC
Barclays
Deutsche Bank
UBS
Vodafone
Nokia
Ericsson
Siemens
Unilever
Nestlé|Nestle
Pfizer
Moderna
AstraZeneca
Johnson & Johnson
OpenAI
Uber
Spotify
Yahoo
eBay
Oracle
Cisco
Qualcomm
TSMC
Foxconn
Panasonic
Hitachi
Toshiba
Nintendo
SoftBank
Lenovo
Xiaomi
Renault
Volvo
Rolls-Royce
Enron
WorldCom
Time Warner|TimeWarner
Premier League
Manchester United|Man Utd
Manchester City|Man City
AOL
Real Madrid
Hamas
Hezbollah
Taliban
al-Qaeda|al Qaeda|Al-Qaeda|Al Qaeda
Islamic State|ISIS|ISIL
";

/// Nationalities, peoples and religions (Misc); `+` adds the plural.
const DEMONYMS: &str = "
Afghan+
Albanian+
Algerian+
American+
Argentine+|Argentinian+
Australian+
Austrian+
Bangladeshi+
Belgian+
Brazilian+
British|Briton+|Brit+
Bulgarian+
Cambodian+
Canadian+
Chilean+
Chinese
Colombian+
Croatian+
Cuban+
Czech+
Danish|Dane+
Dutch
Egyptian+
English
Ethiopian+
European+
Filipino+|Philippine
Finnish|Finn+
French|Frenchman|Frenchwoman
German+
Greek+
Hungarian+
Indian+
Indonesian+
Iranian+
Iraqi+
Irish
Israeli+
Italian+
Japanese
Jordanian+
Kenyan+
Korean+
North Korean+
South Korean+
Lebanese
Libyan+
Malaysian+
Mexican+
Mongolian+
Moroccan+
Nepali+|Nepalese
Nigerian+
Norwegian+
Pakistani+
Palestinian+
Peruvian+
Polish|Pole+
Portuguese
Romanian+
Russian+
Saudi+
Scottish|Scot+
Serbian+|Serb+
Singaporean+
Slovak+
Somali+
South African+
Spanish|Spaniard+
Sri Lankan+
Sudanese
Swedish|Swede+
Swiss
Syrian+
Taiwanese
Thai+
Turkish|Turk+
Ukrainian+
Venezuelan+
Vietnamese
Welsh
Yemeni+
Zimbabwean+
Asian+
African+
Arab+|Arabic
Latin American+
Muslim+
Jewish|Jew+
Catholic+
Buddhist+
Hindu+
Sikh+
";

/// Events, holidays, diseases and a few products (Misc).
const EVENTS: &str = "
Olympics|Olympic Games|Olympiad
Paralympics|Paralympic Games
Winter Olympics|Winter Games|Winter Olympic Games
Summer Olympics|Summer Games|Summer Olympic Games
Youth Olympic Games|Youth Olympics
World Cup|FIFA World Cup
Women's World Cup
Champions League|UEFA Champions League
Europa League
European Championship|Euros
Super Bowl
World Series
Stanley Cup
Tour de France
Wimbledon
US Open|U.S. Open
French Open|Roland Garros
Australian Open
Ryder Cup
Six Nations
Grand National
Commonwealth Games
Asian Games
Asian Cup
Africa Cup of Nations
Copa America|Copa América
Formula One|Formula 1|F1
Eurovision|Eurovision Song Contest
Oscars|Academy Awards|Oscar
Grammys|Grammy Awards|Grammy
Golden Globes|Golden Globe Awards
Emmys|Emmy Awards
Baftas|Bafta Awards|BAFTA Awards
Brit Awards
Cannes Film Festival
Nobel Prize
Nobel Peace Prize
Booker Prize
Pulitzer Prize
Live Aid
Live 8
Glastonbury|Glastonbury Festival
Christmas
Easter
Ramadan
Eid
Hanukkah
Diwali
Thanksgiving
Lunar New Year|Chinese New Year|Seollal
Chuseok
Halloween
Holocaust
Brexit
COVID-19|Covid-19|Covid|COVID
SARS
Ebola
HIV
AIDS|Aids
Cold War
Korean War
Vietnam War
Gulf War
Iraq War
World War II|Second World War|WWII|World War Two
World War I|First World War|WWI|World War One|Great War
Arab Spring
iPhone
iPad
Xbox
PlayStation
ChatGPT
";

/// About 500 common given names from many cultures (not words that start sentences).
const GIVEN_NAMES: &str = "
James John Robert Michael William David Richard Joseph Thomas Charles Christopher Daniel Matthew
Anthony Donald Steven Paul Andrew Joshua Kenneth Kevin Brian George Timothy Ronald Edward Jason
Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon Benjamin Samuel
Gregory Alexander Frank Patrick Raymond Jack Dennis Jerry Tyler Aaron Jose Adam Nathan Henry
Douglas Zachary Peter Kyle Ethan Walter Noah Jeremy Keith Roger Terry Gerald Harold Sean Carl
Arthur Lawrence Dylan Jesse Jordan Bryan Billy Joe Bruce Gabriel Logan Albert Willie Alan Juan
Wayne Elijah Randy Roy Vincent Ralph Eugene Russell Bobby Mason Philip Louis Mary Patricia
Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy Betty Margaret Sandra Ashley
Kimberly Emily Donna Michelle Carol Amanda Dorothy Melissa Deborah Stephanie Rebecca Sharon Laura
Cynthia Kathleen Amy Angela Shirley Anna Brenda Pamela Emma Nicole Helen Samantha Katherine
Christine Debra Rachel Carolyn Janet Catherine Maria Heather Diane Ruth Julie Olivia Joyce
Virginia Victoria Kelly Lauren Christina Joan Evelyn Judith Megan Andrea Cheryl Hannah Jacqueline
Martha Gloria Teresa Ann Sara Madison Frances Kathryn Janice Jean Abigail Alice Judy Sophia Grace
Denise Amber Doris Marilyn Danielle Beverly Isabella Theresa Diana Natalie Brittany Charlotte
Marie Kayla Alexis Lori Tony Gordon Nigel Boris Keir Rishi Liz Ed Nick Ken Harry Kate Meghan
Elton Rio Jamie Andy Tim Ian Iain Neil Colin Graham Alastair Alistair Gareth Rhys Owen Huw Ewan
Hamish Angus Fergus Liam Seamus Declan Ciaran Niamh Siobhan Aoife Tom Jim Bob Bill Mike Chris
Dave Steve Pete Rob Rod Ron Dan Sam Ben Jon Matt Phil Rick Robbie Ronnie Sammy Teddy Tommy Toby
Zoe Chloe Ella Lucy Sophie Jess Katie Holly Amelia Isla Poppy Freya Imogen Harriet Eleanor
Georgina Gemma Kirsty Fiona Moira Rosie Ruby Daisy Luis Carlos Jorge Pedro Miguel Javier Diego
Alejandro Fernando Ricardo Roberto Eduardo Sergio Rafael Pablo Manuel Francisco Antonio Andres
Alberto Raul Enrique Hector Mario Gustavo Guillermo Ramon Felipe Lionel Cristiano Neymar Luiz
Jair Thiago Rodrigo Marcelo Marta Lucia Carmen Rosa Ana Isabel Sofia Camila Valentina Gabriela
Daniela Paula Elena Pilar Ines Inés Jean-Pierre Pierre Jacques Michel Philippe Nicolas Francois
François Emmanuel Marine Segolene Ségolène Thierry Didier Zinedine Laurent Olivier Sebastien
Sébastien Julien Antoine Benoit Benoît Mathieu Guillaume Marc Luc Yves Alain Christophe Stephane
Stéphane Dominique Sylvie Isabelle Nathalie Brigitte Celine Céline Amelie Amélie Juliette Camille
Hans Klaus Jurgen Jürgen Wolfgang Helmut Gerhard Olaf Friedrich Dieter Horst Uwe Joachim Stefan
Andreas Markus Tobias Lukas Jonas Felix Moritz Sebastian Niklas Ursula Annalena Heike Petra
Sabine Monika Giuseppe Giovanni Marco Luca Matteo Alessandro Francesco Paolo Silvio Giorgia Fabio
Claudio Carlo Enrico Federica Chiara Giulia Francesca Vladimir Dmitry Dmitri Sergei Sergey Alexei
Alexey Mikhail Ivan Igor Oleg Yuri Viktor Volodymyr Petro Yulia Olga Natalia Tatiana Svetlana
Irina Anastasia Andriy Andrei Nikolai Vitali Vitaly Lech Andrzej Jaroslaw Zbigniew Vaclav Milos
Mohammed Muhammad Mohamed Mohammad Ahmed Ahmad Ali Hassan Hussein Hussain Omar Umar Abdullah
Abdul Ibrahim Khalid Youssef Yusuf Mahmoud Mustafa Saddam Osama Bashar Hosni Yasser Recep Tayyip
Ismail Imran Nawaz Benazir Salman Faisal Fahd Hamad Tamim Walid Karim Tariq Anwar Jamal Rashid
Samir Nabil Fatima Aisha Layla Leila Mariam Yasmin Narendra Rahul Sonia Manmohan Indira Rajiv
Amit Arvind Sachin Virat Mahendra Sourav Rohit Priyanka Deepika Shahrukh Aamir Anil Sunil Sanjay
Vijay Ravi Raj Rajesh Suresh Ramesh Mukesh Ratan Lakshmi Sunita Anita Kavita Pooja Priya Nelson
Thabo Cyril Kofi Olusegun Goodluck Muhammadu Uhuru Raila Yoweri Kwame Chinua Wole Ngozi Abiy
Shinzo Fumio Yoshihide Junichiro Naoto Yukio Taro Hiroshi Takeshi Kenji Yuki Haruki Shohei Naomi
Yuzuru Ichiro Hideki Akira Keisuke Kazuo Masako Akihito Naruhito Yoko Lars Anders Erik Sven
Magnus Jens Henrik Bjorn Björn Greta Ingrid Astrid Jan Pieter Geert Willem Johan Ruud Arjen Robin
Alexis Kyriakos Nikos Konstantinos Ahmet Mehmet Emre Kemal Yair Naftali Ehud Ariel Shimon
Yitzhak Golda Benny Ebrahim Javad Mohsen Qasem Dilma Evo Hugo Fidel Cristina Mauricio Serena
Venus Novak Usain LeBron Kobe Simone Roger Rafa Jose Zlatan Wayne Gianni Arsene Arsène Jose
Jurgen Pep Carlo Thomas Xavier Kylian Mohamed Sadio Harry Marcus Raheem Jude Erling Kevin Luka
Toni Manuel Martin Oliver Jake Joel Sophia Mia Leah Eva Lily Emilia Kim Lee Joseph Sergio Ellen
Steven Barack Hillary Joe Kamala Nancy Mitch Chuck Bernie Elon Jeff Mark Bill Warren Tim Sundar
Satya Sam Larry Sergey Jensen Lisa Rupert Richard Theresa Angela Emmanuel Justin Jacinda Scott
Malcolm Kevin Julia John Gordon Tony David Jeremy Vince Nicola Alex Humza Michel Charles Ursula
Christine Vladimir Volodymyr Benjamin Recep Narendra Shinzo Fumio Keanu Ariana Taylor
";

/// East-Asian surnames, which come before the given name ("Lim Jong-hoon", "Wang Chuqin").
const SURNAMES: &str = "
Kim Lee Park Choi Jung Jeong Kang Cho Yoon Yun Jang Lim Han Seo Shin Kwon Hwang Ahn Song Yoo Jeon
Hong Ko Moon Yang Son Bae Baek Heo Nam Noh Kwak Sung Cha Joo Woo Min Ryu Ri Ryom Pak Jon Chon Ju
Rim Ro Sin Choe Kye Hyon Wang Li Zhang Liu Chen Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin
Luo Gao Zheng Liang Xie Tang Feng Deng Cao Peng Zeng Xiao Tian Dong Pan Yuan Cai Jiang Yu Du Ye
Cheng Wei Su Lu Ding Ren Shen Yao Xi Fan Fu Zhong Lei Bai Qin Kong Mao Wen Hou Qiu Tsai Chiang
Lai Ho Chan Wong Leung Lau Cheung Tse Ng Tan Teo Goh Koh Suzuki Tanaka Sato Takahashi Watanabe
Ito Yamamoto Nakamura Kobayashi Kato Yoshida Yamada Sasaki Yamaguchi Matsumoto Inoue Kimura
Hayashi Shimizu Abe Kishida Suga Koizumi Ishiba Nguyen Tran Pham Hoang Phan Vu Dang Bui Ngo
Duong Ly Ha Oh Yeo Seok Jo Gu Ku Byun Yeom Chung Ji Eom Uhm Gil Pyo Mun Na Do Won Tak Chu
";

/// Words (as keys) that are capitalised only by their place: function words, sentence adverbs,
/// numbers, and the nouns and verbs that often open a news sentence.
const COMMON_WORDS: &str = "
a an the this that these those there here it its they them their theirs we our ours you your
yours he him his she her hers i me my mine us who whom whose which what when where why how
whatever whoever whenever wherever however whichever and or but nor so yet for because although
though while whilst if unless since until till after before during despite as at by from in into
of off on onto out over under up down with within without about above across against along among
amid amidst around behind below beneath beside besides between beyond inside outside near through
throughout toward towards upon via per be is are was were been being am do does did done doing
have has had having will would shall should can could might must ought not no yes all any
some many much more most few fewer less least several each every either neither both other others
another such same own only just even also too very quite rather really still already again ever
never always often sometimes usually perhaps maybe indeed thus hence therefore meanwhile moreover
furthermore nevertheless nonetheless otherwise instead likewise similarly accordingly consequently
anyway one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty
hundred thousand million billion first second third fourth fifth last next half dozen according
ahead earlier later latest now then today tonight yesterday tomorrow recently currently
previously initially finally eventually overall once soon elsewhere separately additionally
officials analysts experts critics observers residents witnesses authorities investigators
researchers scientists doctors sources reports fans players commentators protesters
demonstrators activists lawmakers legislators politicians voters citizens people men women
children students teachers workers employees staff members leaders officers soldiers troops
rebels militants fighters supporters opponents rivals teams athletes coaches viewers readers
users customers consumers shoppers investors traders economists prosecutors shares prices sales
profits markets stocks figures data details images photos photo video pictures footage
families parents relatives friends neighbours neighbors locals tourists visitors passengers
drivers patients victims survivors hostages suspects prisoners refugees migrants immigrants
tensions relations talks hopes fears concerns efforts plans attempts calls demands warnings
threats attacks strikes protests clashes tests results scores winners medals gold silver bronze
nothing something anything everything someone anyone everyone nobody somebody everybody none
asked speaking talking writing looking having being making taking given following including
regarding concerning considering compared based let please thank thanks sorry welcome hello okay
ok well wow say says said told see read watch click share subscribe follow sign join
advertisement related breaking update updated exclusive live listen top story stories headlines
headline latest editorial comment analysis feature review gallery copyright mps mp meps ceos
whether like unlike amongst except beyond no not nor instead why yes meanwhile also but
although hey ah madam dear full election elections questions ive im id ill youre theyre weve
dont cant wont didnt doesnt isnt wasnt arent werent thats theres heres whats lets hes shes
";

/// Months and weekdays (with common abbreviations); never entities.
const CALENDAR: &str = "
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec
monday tuesday wednesday thursday friday saturday sunday
";

/// Titles and roles that announce a person's name ("President", "coach", "Mr").
const TITLES: &str = "
mr mrs ms miss mx dr prof professor sir dame lord lady president premier chancellor minister
secretary senator sen congressman congresswoman representative rep governor gov mayor
ambassador envoy general gen admiral adm colonel col lieutenant lt captain capt sergeant sgt
commander chief judge justice king queen prince princess emperor empress pope cardinal
archbishop bishop rev reverend rabbi imam ayatollah sheikh sultan emir duke duchess earl baron
baroness chairman chairwoman chairperson ceo cfo founder director manager coach boss leader
dictator spokesman spokeswoman spokesperson striker midfielder defender goalkeeper winger
batsman bowler skipper quarterback pitcher actor actress singer rapper musician artist author
writer novelist poet producer filmmaker comedian presenter anchor journalist reporter
correspondent editor columnist analyst economist strategist historian scientist researcher
lawyer attorney prosecutor detective inspector superintendent officer constable commissioner
speaker deputy vice lawmaker legislator mp mep councillor councilman champion teammate
executive taoiseach prime shadow
";

/// Last words that make a name an organisation ("Korea Football Association").
const ORG_SUFFIXES: &str = "
committee council ministry party association corp corporation inc incorporated ltd limited co
company group bank university agency organization organisation federation union commission
department institute institution foundation fund authority court parliament assembly army
navy police times post news airlines airline airways motors motor holdings industries
electronics systems technologies labs laboratories office service services board bureau club
society trust network press journal herald tribune telegraph gazette chronicle league college
school academy hospital clinic center centre force forces guard command senate congress cabinet
secretariat alliance coalition front movement church exchange reserve studios records pictures
entertainment media broadcasting energy petroleum pharmaceuticals plc llc gmbh ag partners
capital securities insurance investments fc rovers wanderers athletic brigade battalion
regiment corps marines administration government tribunal directorate museum gallery library
orchestra commonwealth semiconductor semiconductors chemical chemicals steel shipping logistics
telecom telecommunications financial
";

/// Last words that make a name a place ("Han River", "South Paris Arena").
const PLACE_SUFFIXES: &str = "
river sea ocean lake island islands mountain mountains bay gulf strait straits peninsula valley
desert province county district prefecture region street avenue road square bridge airport
station stadium arena park palace hall tower harbour harbor canal coast zone heights hills falls
beach forest reef plateau basin delta canyon glacier volcano township village borough city
";

/// Last words that make a name an event ("Paris Olympics", "Korean War").
const MISC_SUFFIXES: &str = "
games olympics paralympics olympiad cup championship championships prize awards festival
marathon war prix
";

/// First words that make a name an event: named storms and operations ("Typhoon Noeul").
const MISC_HEADS: &str = "typhoon hurricane cyclone operation";

/// Verbs that, right after a name, show it is a person speaking.
const SPEECH_VERBS: &str = "said says told added asked wrote explained recalled noted stated replied tweeted";

const KEEP_POSSESSIVE: &str = "
people peoples women men children workers farmers veterans citizens teachers nurses journalists
miners soldiers writers artists consumers employers students voters king queen
";

const ABBREVIATIONS: &str = "
Mr Mrs Ms Dr Prof Sen Rep Gov Gen Lt Col Capt Sgt Adm Maj Cpl St Rev Jr Sr Inc Corp Ltd Co No Mt
Ft Messrs Mme Mlle Ave Dept Univ vs Nos Hon Supt Det Insp Pres
";

const HYPHEN_TAILS: &str = "
based led backed born made owned run style era bound controlled funded sponsored linked allied
friendly registered listed headquartered focused centric wide flagged speaking bred raised
trained educated
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_share_their_entry_and_key() {
        let gaz = &*GAZETTEER;
        let us = gaz.lookup("us").unwrap();
        assert!(us.caps_only && us.word_like);
        assert_eq!(gaz.entries[us.entry].canonical, "United States");
        let dprk = gaz.lookup(&entity_key("Democratic People’s Republic of Korea")).unwrap();
        assert_eq!(gaz.entries[dprk.entry].key, "north korea");
        let ioc = gaz.lookup("ioc").unwrap();
        assert!(!ioc.word_like);
        assert_eq!(gaz.entries[ioc.entry].canonical, "International Olympic Committee");
        assert_eq!(gaz.entries[gaz.lookup("koreans").unwrap().entry].canonical, "Korean");
        assert_eq!(gaz.entries[gaz.lookup("teahupoo").unwrap().entry].kind, EntityKind::Location);
        assert!(gaz.is_name_part("korea") && gaz.is_name_part("lim"));
        assert!(!gaz.is_name_part("tensions"));
    }

    #[test]
    fn list_sizes_are_as_documented() {
        let gaz = &*GAZETTEER;
        assert!(gaz.given_names.len() >= 500, "{}", gaz.given_names.len());
        assert!(gaz.common.len() >= 400, "{}", gaz.common.len());
        assert!(gaz.entries.len() >= 600, "{}", gaz.entries.len());
    }
}
