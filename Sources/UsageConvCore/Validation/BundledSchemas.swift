/// Schemas shipped inside the binary, so a `usageconv` copied elsewhere still validates.
///
/// Each is a byte-for-byte copy of its file under `Schemas/` (a test compares them); edit the file,
/// then paste it here.
public enum BundledSchemas {
    /// `Schemas/onapp-vm-stats.xsd`: OnApp vm_stats XML (and its `<errors>` body).
    public static let onappVMStatsXSD = #"""
        <?xml version="1.0" encoding="UTF-8"?>
        <!--
          OnApp billing statistics as XML (GET /users/:id/vm_stats.xml, /virtual_machines/:id/vm_stats.xml,
          net_hourly_stats, and their <errors> body), in Rails to_xml conventions: type="..." attributes,
          nil="true" for null, type="array" for lists. Written from the OnApp API docs and the shapes in
          usageconv's fixtures. Members may come in any order (pages differ); type attributes are checked
          against the text they declare: type="integer" may hold 1.0 (an integral decimal), never 1.5.
          Text forms are those the decoder reads (numbers in JSON's grammar, "1.0e-05" included, no
          leading zeros; times as ISO 8601 with a zone, seconds optional, zero fractions only), with
          surrounding white space ignored as the decoder ignores it.
          Shipped inside usageconv (`usageconv validate FILE.xml`); this file is its source.
        -->
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" elementFormDefault="unqualified">

          <!-- Text forms. Each allows the empty text of a nil="true" element. -->
          <xs:simpleType name="IntegerText">
            <xs:restriction base="xs:token">
              <xs:pattern value="(-?(0|[1-9][0-9]*)(\.0+)?)?"/>
            </xs:restriction>
          </xs:simpleType>
          <xs:simpleType name="DecimalText">
            <xs:restriction base="xs:token">
              <xs:pattern value="(-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][\-+]?[0-9]+)?)?"/>
            </xs:restriction>
          </xs:simpleType>
          <xs:simpleType name="DateTimeText">
            <xs:restriction base="xs:token">
              <xs:pattern value="([0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[Tt ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?([.,]0+)?([Zz]|[+\-]([01][0-9]|2[0-3]):?[0-5][0-9]))?"/>
            </xs:restriction>
          </xs:simpleType>
          <xs:simpleType name="BooleanText">
            <xs:restriction base="xs:string">
              <xs:pattern value="(true|false|1|0)?"/>
            </xs:restriction>
          </xs:simpleType>
          <xs:simpleType name="CurrencyText">
            <xs:restriction base="xs:string">
              <xs:pattern value="([A-Z]{3})?"/>
            </xs:restriction>
          </xs:simpleType>
          <xs:simpleType name="RailsType">
            <xs:restriction base="xs:string">
              <xs:enumeration value="integer"/>
              <xs:enumeration value="decimal"/>
              <xs:enumeration value="float"/>
              <xs:enumeration value="double"/>
              <xs:enumeration value="datetime"/>
              <xs:enumeration value="dateTime"/>
              <xs:enumeration value="date"/>
              <xs:enumeration value="boolean"/>
              <xs:enumeration value="string"/>
              <xs:enumeration value="symbol"/>
              <xs:enumeration value="array"/>
            </xs:restriction>
          </xs:simpleType>

          <!-- Leaves: text of a form, with the Rails type and nil attributes. -->
          <xs:complexType name="Integer">
            <xs:simpleContent>
              <xs:extension base="IntegerText">
                <xs:attribute name="type" type="RailsType"/>
                <xs:attribute name="nil" type="xs:boolean"/>
              </xs:extension>
            </xs:simpleContent>
          </xs:complexType>
          <xs:complexType name="Decimal">
            <xs:simpleContent>
              <xs:extension base="DecimalText">
                <xs:attribute name="type" type="RailsType"/>
                <xs:attribute name="nil" type="xs:boolean"/>
              </xs:extension>
            </xs:simpleContent>
          </xs:complexType>
          <xs:complexType name="DateTime">
            <xs:simpleContent>
              <xs:extension base="DateTimeText">
                <xs:attribute name="type" type="RailsType"/>
                <xs:attribute name="nil" type="xs:boolean"/>
              </xs:extension>
            </xs:simpleContent>
          </xs:complexType>
          <xs:complexType name="Boolean">
            <xs:simpleContent>
              <xs:extension base="BooleanText">
                <xs:attribute name="type" type="RailsType"/>
                <xs:attribute name="nil" type="xs:boolean"/>
              </xs:extension>
            </xs:simpleContent>
          </xs:complexType>
          <xs:complexType name="Currency">
            <xs:simpleContent>
              <xs:extension base="CurrencyText">
                <xs:attribute name="nil" type="xs:boolean"/>
              </xs:extension>
            </xs:simpleContent>
          </xs:complexType>
          <xs:complexType name="Text">
            <xs:simpleContent>
              <xs:extension base="xs:string">
                <xs:attribute name="type" type="RailsType"/>
                <xs:attribute name="nil" type="xs:boolean"/>
              </xs:extension>
            </xs:simpleContent>
          </xs:complexType>

          <!-- billing_stats: per-resource lists of cost rows. -->
          <xs:complexType name="CostRow">
            <xs:choice minOccurs="0" maxOccurs="unbounded">
              <xs:element name="value" type="Decimal"/>
              <xs:element name="cost" type="Decimal"/>
              <xs:element name="resource_name" type="Text"/>
              <xs:element name="resource_id" type="Integer"/>
            </xs:choice>
          </xs:complexType>
          <xs:complexType name="Costs">
            <xs:sequence>
              <xs:element name="cost" type="CostRow" minOccurs="0" maxOccurs="unbounded"/>
            </xs:sequence>
            <xs:attribute name="type" type="RailsType"/>
          </xs:complexType>
          <xs:complexType name="BillableItem">
            <xs:choice minOccurs="0" maxOccurs="unbounded">
              <xs:element name="id" type="Integer"/>
              <xs:element name="label" type="Text"/>
              <xs:element name="costs" type="Costs"/>
            </xs:choice>
          </xs:complexType>
          <xs:complexType name="BillableList">
            <xs:sequence>
              <xs:any processContents="lax" minOccurs="0" maxOccurs="unbounded"/>
            </xs:sequence>
            <xs:attribute name="type" type="RailsType"/>
          </xs:complexType>
          <xs:complexType name="DiskList">
            <xs:sequence>
              <xs:element name="disk" type="BillableItem" minOccurs="0" maxOccurs="unbounded"/>
            </xs:sequence>
            <xs:attribute name="type" type="RailsType"/>
          </xs:complexType>
          <xs:complexType name="NetworkInterfaceList">
            <xs:sequence>
              <xs:element name="network_interface" type="BillableItem" minOccurs="0" maxOccurs="unbounded"/>
            </xs:sequence>
            <xs:attribute name="type" type="RailsType"/>
          </xs:complexType>
          <xs:complexType name="VirtualMachineList">
            <xs:sequence>
              <xs:element name="virtual_machine" type="BillableItem" minOccurs="0" maxOccurs="unbounded"/>
            </xs:sequence>
            <xs:attribute name="type" type="RailsType"/>
          </xs:complexType>
          <xs:complexType name="EdgeServerList">
            <xs:sequence>
              <xs:element name="edge_server" type="BillableItem" minOccurs="0" maxOccurs="unbounded"/>
            </xs:sequence>
            <xs:attribute name="type" type="RailsType"/>
          </xs:complexType>
          <xs:complexType name="BillingStats">
            <xs:choice minOccurs="0" maxOccurs="unbounded">
              <xs:element name="disks" type="DiskList"/>
              <xs:element name="network_interfaces" type="NetworkInterfaceList"/>
              <xs:element name="virtual_machines" type="VirtualMachineList"/>
              <xs:element name="edge_servers" type="EdgeServerList"/>
              <xs:element name="service_addons" type="BillableList"/>
            </xs:choice>
            <xs:attribute name="type" type="RailsType"/>
          </xs:complexType>

          <!-- One hourly record (vm_hourly_stat; the single-object vm_stats of storage servers). -->
          <xs:group name="HourlyMembers">
            <xs:choice>
              <xs:element name="created_at" type="DateTime"/>
              <xs:element name="updated_at" type="DateTime"/>
              <xs:element name="stat_time" type="DateTime"/>
              <xs:element name="currency_code" type="Currency"/>
              <xs:element name="id" type="Integer"/>
              <xs:element name="user_id" type="Integer"/>
              <xs:element name="virtual_machine_id" type="Integer"/>
              <xs:element name="network_interface_id" type="Integer"/>
              <xs:element name="vm_billing_stat_id" type="Integer"/>
              <xs:element name="total_cost" type="Decimal"/>
              <xs:element name="usage_cost" type="Decimal"/>
              <xs:element name="vm_resources_cost" type="Decimal"/>
              <xs:element name="cost" type="Decimal"/>
              <xs:element name="data_sent" type="Decimal"/>
              <xs:element name="data_received" type="Decimal"/>
              <xs:element name="booted" type="Boolean"/>
              <xs:element name="billing_stats" type="BillingStats"/>
            </xs:choice>
          </xs:group>
          <xs:complexType name="HourlyRecord">
            <xs:group ref="HourlyMembers" minOccurs="0" maxOccurs="unbounded"/>
          </xs:complexType>

          <!-- Roots. -->
          <xs:complexType name="RecordsOrRecord">
            <xs:choice minOccurs="0" maxOccurs="unbounded">
              <xs:element name="vm_hourly_stat" type="HourlyRecord"/>
              <xs:element name="vm_stat" type="HourlyRecord"/>
              <xs:group ref="HourlyMembers"/>
            </xs:choice>
            <xs:attribute name="type" type="RailsType"/>
          </xs:complexType>
          <xs:element name="vm_stats" type="RecordsOrRecord"/>
          <xs:element name="vm_hourly_stats">
            <xs:complexType>
              <xs:sequence>
                <xs:element name="vm_hourly_stat" type="HourlyRecord" minOccurs="0" maxOccurs="unbounded"/>
              </xs:sequence>
              <xs:attribute name="type" type="RailsType"/>
            </xs:complexType>
          </xs:element>
          <xs:element name="net_hourly_stats">
            <xs:complexType>
              <xs:sequence>
                <xs:element name="net_hourly_stat" type="HourlyRecord" minOccurs="0" maxOccurs="unbounded"/>
              </xs:sequence>
              <xs:attribute name="type" type="RailsType"/>
            </xs:complexType>
          </xs:element>
          <xs:element name="errors">
            <xs:complexType>
              <xs:sequence>
                <xs:element name="error" type="xs:string" minOccurs="0" maxOccurs="unbounded"/>
              </xs:sequence>
            </xs:complexType>
          </xs:element>
        </xs:schema>

        """#
}
