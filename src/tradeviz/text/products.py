"""Readable names of the HS-4 products in the data (Harmonized System headings).

The short names below are tradeviz's own paraphrases of the heading texts of the Harmonized
System (HS 2017 edition), as the UN Statistics Division lists them in its classification
reference tables for UN Comtrade. The HS nomenclature itself is maintained by the World Customs
Organization, which holds its copyright; the names here are shortened descriptions for chart
labels, not the legal texts. A code without a name here is shown as ``HS <code>``.
"""

from __future__ import annotations

#: Where the names come from and on what terms (shown on the chart's page).
HS_NAMES_SOURCE = (
    "Product names: short paraphrases of the Harmonized System (HS 2017) heading texts, as "
    "listed by the UN Statistics Division; the HS nomenclature is © World Customs "
    "Organization."
)

#: HS-4 heading -> short name.
HS4_NAMES: dict[str, str] = {
    "0802": "Nuts (not coconut, Brazil, cashew)",
    "1001": "Wheat",
    "1003": "Barley",
    "1204": "Linseed",
    "1206": "Sunflower seeds",
    "1512": "Sunflower-seed and safflower oil",
    "1514": "Rapeseed and mustard oil",
    "2302": "Bran and milling residues",
    "2309": "Animal feed preparations",
    "2503": "Sulphur",
    "2601": "Iron ores",
    "2603": "Copper ores",
    "2607": "Lead ores",
    "2608": "Zinc ores",
    "2610": "Chromium ores",
    "2616": "Precious-metal ores",
    "2709": "Crude oil",
    "2711": "Natural gas, petroleum gases",
    "2713": "Petroleum coke and bitumen",
    "2818": "Alumina (aluminium oxide)",
    "2844": "Uranium, radioactive elements",
    "2902": "Benzene, xylenes",
    "3002": "Vaccines and blood products",
    "3808": "Pesticides and disinfectants",
    "3822": "Laboratory and diagnostic reagents",
    "3904": "PVC (vinyl chloride polymers)",
    "3907": "Polyesters and epoxy resins",
    "3923": "Plastic packing articles",
    "3926": "Other articles of plastics",
    "4011": "New rubber tyres",
    "4104": "Tanned cattle and horse hides",
    "4202": "Suitcases, bags and cases",
    "5514": "Synthetic-cotton woven fabrics",
    "5903": "Plastic-coated textile fabrics",
    "6108": "Women's nightwear, knitted",
    "6110": "Jerseys, pullovers, cardigans",
    "6115": "Tights, stockings and socks",
    "6202": "Women's coats and anoraks",
    "6203": "Men's suits, jackets and trousers",
    "6204": "Women's suits, dresses and skirts",
    "6212": "Bras and corsets",
    "6302": "Bed, table and kitchen linen",
    "6307": "Other made-up textile articles",
    "6402": "Rubber or plastic footwear",
    "6406": "Parts of footwear",
    "7202": "Ferro-alloys",
    "7207": "Semi-finished iron and steel",
    "7209": "Cold-rolled flat steel",
    "7304": "Seamless steel tubes and pipes",
    "7305": "Large welded steel pipes",
    "7307": "Steel tube and pipe fittings",
    "7308": "Steel structures and parts",
    "7326": "Other articles of iron or steel",
    "7403": "Refined copper",
    "7801": "Unwrought lead",
    "7901": "Unwrought zinc",
    "8108": "Titanium",
    "8401": "Nuclear reactors and fuel elements",
    "8407": "Petrol engines",
    "8413": "Pumps for liquids",
    "8415": "Air conditioners",
    "8417": "Industrial furnaces and ovens",
    "8419": "Heating and cooling machinery",
    "8421": "Centrifuges and filters",
    "8429": "Bulldozers, graders and excavators",
    "8471": "Computers",
    "8474": "Mineral crushing, mixing machines",
    "8481": "Taps and valves",
    "8502": "Electric generating sets",
    "8504": "Transformers and converters",
    "8517": "Telephones and network equipment",
    "8537": "Electrical control panels",
    "8541": "Semiconductors and solar cells",
    "8544": "Insulated wire and cable",
    "8703": "Cars",
    "8704": "Trucks",
    "8707": "Vehicle bodies",
    "8708": "Vehicle parts",
    "9306": "Ammunition",
    "9503": "Toys",
}


def hs4_name(code: str, label: str = "") -> str:
    """Return a product's readable name: the heading's short name, else the source's label.

    Examples
    --------
    >>> hs4_name("2709")
    'Crude oil'
    >>> hs4_name("9999")
    'HS 9999'
    """
    code = str(code).strip()
    return HS4_NAMES.get(code) or (str(label).strip() or f"HS {code}")
