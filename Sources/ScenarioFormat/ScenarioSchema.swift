/// The JSON Schema (draft 2020-12) of scenario format v1, for editors: `resolvlab schema` prints it.
///
/// The text is schema/scenario.schema.json byte for byte (SchemaTests fails when they differ): edit the
/// file, then paste it between the delimiters below. `resolvlab check` stays the authority; the schema never
/// rejects a file the decoder accepts, and leaves to the decoder what a schema cannot express.
public enum ScenarioSchema {
    /// The schema, ending in a newline.
    public static let text: String = #"""
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://resolvlab.dev/schema/scenario-v1.json",
  "title": "ResolvLab scenario (format v1)",
  "description": "A ResolvLab scenario: what /etc/resolv.conf, /etc/hosts and the hostname look like inside throwaway Linux namespaces, which scripted DNS servers answer, which lookups run, and which DNS queries must appear on the wire. Comments and trailing commas are accepted by resolvlab. This schema is a convenience for editors; `resolvlab check` is the authority and also checks what a schema cannot (see the descriptions).",
  "type": "object",
  "required": ["name", "lookups"],
  "additionalProperties": false,
  "properties": {
    "$schema": {
      "type": "string",
      "description": "Ignored by resolvlab; lets editors find this schema."
    },
    "name": {
      "type": "string",
      "minLength": 1,
      "description": "Required. One line saying what the scenario shows."
    },
    "description": {
      "type": "string",
      "description": "The behaviour in a sentence or two; shown in reports and docs."
    },
    "tags": {
      "type": "array",
      "description": "Free labels (glibc, kubernetes, ...): non-empty, no whitespace.",
      "items": {
        "type": "string",
        "pattern": "^[^\\t-\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]+$",
        "patternErrorMessage": "A tag is non-empty and contains no whitespace."
      }
    },
    "namespaces": {
      "type": "array",
      "description": "Which namespaces to create. Must include net and mount. Default: net, mount, uts, plus user when not root.",
      "items": {"$ref": "#/$defs/namespace"},
      "uniqueItems": true,
      "allOf": [{"contains": {"const": "net"}}, {"contains": {"const": "mount"}}]
    },
    "hostname": {
      "type": "string",
      "minLength": 1,
      "maxLength": 64,
      "pattern": "^[A-Za-z0-9_-]{1,63}(\\.[A-Za-z0-9_-]{1,63})*$",
      "description": "The sandbox's hostname (needs the uts namespace): at most 64 bytes of dot-separated labels of letters, digits, - and _, no trailing dot. glibc derives the default search domain from it.",
      "patternErrorMessage": "Expected a host name: dot-separated labels of letters, digits, - and _, no trailing dot."
    },
    "addresses": {
      "type": "array",
      "description": "Extra addresses on the sandbox's lo, ADDRESS/PREFIX or a bare address (/32, /128). An IPv6 address here is what turns on AAAA queries under AI_ADDRCONFIG. Server addresses are added automatically.",
      "items": {"$ref": "#/$defs/addressPrefix"}
    },
    "resolvConf": {
      "$ref": "#/$defs/fileText",
      "description": "The sandbox's /etc/resolv.conf, byte for byte: a string, or an array of lines (each gets a newline). Default: empty."
    },
    "hosts": {
      "$ref": "#/$defs/fileText",
      "description": "The sandbox's /etc/hosts: a string, or an array of lines (each gets a newline). Default: 127.0.0.1 localhost and ::1 localhost."
    },
    "files": {
      "type": "object",
      "description": "Any other file shown in the sandbox: absolute path → contents (/etc/gai.conf, a tool's config). Paths that do not exist on the host are created inside the sandbox only. /etc/resolv.conf and /etc/hosts are set with their own keys; /proc, /sys and /dev are refused.",
      "propertyNames": {"$ref": "#/$defs/filePath"},
      "additionalProperties": {
        "type": "string",
        "description": "The file's contents."
      }
    },
    "servers": {
      "type": "array",
      "description": "Scripted DNS servers, each listening on UDP and TCP.",
      "items": {"$ref": "#/$defs/server"}
    },
    "lookups": {
      "type": "array",
      "minItems": 1,
      "description": "Required, non-empty. What runs in the sandbox, in order: each is { \"getaddrinfo\": \"NAME\", ... } or { \"exec\": [\"COMMAND\", ...] }.",
      "items": {"$ref": "#/$defs/lookup"}
    },
    "expect": {"$ref": "#/$defs/expect"},
    "requires": {
      "type": "array",
      "description": "Command names that must be on PATH, e.g. [\"dig\"]; when one is missing the scenario is skipped (SKIP, exit 0). An exec of a missing command without this is an ERROR.",
      "items": {"type": "string", "minLength": 1}
    },
    "timeoutMs": {
      "type": "integer",
      "minimum": 100,
      "maximum": 600000,
      "default": 10000,
      "description": "Budget for the lookups in milliseconds, 100..600000 (default 10000). A scenario still running 5 s after it is an ERROR."
    }
  },
  "allOf": [
    {
      "description": "A scenario must assert something: expect.queries, or an expect on at least one lookup (`resolvlab record` fills them in from an actual run).",
      "anyOf": [
        {
          "required": ["expect"],
          "properties": {"expect": {"required": ["queries"]}}
        },
        {
          "required": ["lookups"],
          "properties": {
            "lookups": {"contains": {"required": ["expect"]}}
          }
        }
      ]
    },
    {
      "description": "Setting the hostname needs the uts namespace when namespaces are listed.",
      "if": {"required": ["hostname", "namespaces"]},
      "then": {
        "properties": {"namespaces": {"contains": {"const": "uts"}}}
      }
    }
  ],
  "$defs": {
    "namespace": {
      "enum": ["user", "net", "mount", "uts", "ipc"],
      "description": "A Linux namespace: user, net, mount, uts or ipc."
    },
    "ipv4": {
      "type": "string",
      "pattern": "^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$",
      "description": "An IPv4 address in dotted-quad form without leading zeros, like 192.0.2.1.",
      "patternErrorMessage": "Expected an IPv4 address like 192.0.2.1 (no leading zeros)."
    },
    "ipv6": {
      "type": "string",
      "pattern": "^(([0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}|([0-9A-Fa-f]{1,4}:){6}((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])|::(([0-9A-Fa-f]{1,4}:){0,6}[0-9A-Fa-f]{1,4}|([0-9A-Fa-f]{1,4}:){0,5}((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9]))?|[0-9A-Fa-f]{1,4}::(([0-9A-Fa-f]{1,4}:){0,5}[0-9A-Fa-f]{1,4}|([0-9A-Fa-f]{1,4}:){0,4}((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9]))?|([0-9A-Fa-f]{1,4}:){1}[0-9A-Fa-f]{1,4}::(([0-9A-Fa-f]{1,4}:){0,4}[0-9A-Fa-f]{1,4}|([0-9A-Fa-f]{1,4}:){0,3}((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9]))?|([0-9A-Fa-f]{1,4}:){2}[0-9A-Fa-f]{1,4}::(([0-9A-Fa-f]{1,4}:){0,3}[0-9A-Fa-f]{1,4}|([0-9A-Fa-f]{1,4}:){0,2}((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9]))?|([0-9A-Fa-f]{1,4}:){3}[0-9A-Fa-f]{1,4}::(([0-9A-Fa-f]{1,4}:){0,2}[0-9A-Fa-f]{1,4}|([0-9A-Fa-f]{1,4}:){0,1}((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9]))?|([0-9A-Fa-f]{1,4}:){4}[0-9A-Fa-f]{1,4}::(([0-9A-Fa-f]{1,4}:){0,1}[0-9A-Fa-f]{1,4}|((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9]))?|([0-9A-Fa-f]{1,4}:){5}[0-9A-Fa-f]{1,4}::([0-9A-Fa-f]{1,4})?|([0-9A-Fa-f]{1,4}:){6}[0-9A-Fa-f]{1,4}::)$",
      "description": "An IPv6 address (RFC 4291 text form, optionally ending in a dotted quad; no zone index), like 2001:db8::1.",
      "patternErrorMessage": "Expected an IPv6 address like 2001:db8::1."
    },
    "ipAddress": {
      "description": "An IPv4 or IPv6 address, like 10.96.0.10 or fd00::1.",
      "anyOf": [{"$ref": "#/$defs/ipv4"}, {"$ref": "#/$defs/ipv6"}]
    },
    "addressPrefix": {
      "type": "string",
      "description": "An address with an optional prefix length, like 10.244.154.23/32 or fd00::17/128.",
      "anyOf": [
        {
          "pattern": "^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(/0{0,2}([0-9]|[12][0-9]|3[0-2]))?$",
          "patternErrorMessage": "Expected an address with an optional prefix length, like 10.244.154.23/32 or fd00::17/128."
        },
        {
          "pattern": "^(([0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}|([0-9A-Fa-f]{1,4}:){6}((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])|::(([0-9A-Fa-f]{1,4}:){0,6}[0-9A-Fa-f]{1,4}|([0-9A-Fa-f]{1,4}:){0,5}((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9]))?|[0-9A-Fa-f]{1,4}::(([0-9A-Fa-f]{1,4}:){0,5}[0-9A-Fa-f]{1,4}|([0-9A-Fa-f]{1,4}:){0,4}((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9]))?|([0-9A-Fa-f]{1,4}:){1}[0-9A-Fa-f]{1,4}::(([0-9A-Fa-f]{1,4}:){0,4}[0-9A-Fa-f]{1,4}|([0-9A-Fa-f]{1,4}:){0,3}((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9]))?|([0-9A-Fa-f]{1,4}:){2}[0-9A-Fa-f]{1,4}::(([0-9A-Fa-f]{1,4}:){0,3}[0-9A-Fa-f]{1,4}|([0-9A-Fa-f]{1,4}:){0,2}((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9]))?|([0-9A-Fa-f]{1,4}:){3}[0-9A-Fa-f]{1,4}::(([0-9A-Fa-f]{1,4}:){0,2}[0-9A-Fa-f]{1,4}|([0-9A-Fa-f]{1,4}:){0,1}((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9]))?|([0-9A-Fa-f]{1,4}:){4}[0-9A-Fa-f]{1,4}::(([0-9A-Fa-f]{1,4}:){0,1}[0-9A-Fa-f]{1,4}|((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9]))?|([0-9A-Fa-f]{1,4}:){5}[0-9A-Fa-f]{1,4}::([0-9A-Fa-f]{1,4})?|([0-9A-Fa-f]{1,4}:){6}[0-9A-Fa-f]{1,4}::)(/0{0,2}([0-9]|[1-9][0-9]|1[01][0-9]|12[0-8]))?$",
          "patternErrorMessage": "Expected an address with an optional prefix length, like 10.244.154.23/32 or fd00::17/128."
        }
      ]
    },
    "fileText": {
      "description": "A file's text: a string, or an array of lines (each gets a newline).",
      "anyOf": [
        {"type": "string"},
        {
          "type": "array",
          "items": {
            "type": "string",
            "pattern": "^[^\n]*$",
            "description": "One line, without a newline.",
            "patternErrorMessage": "A line must not contain a newline; split it into two elements."
          }
        }
      ]
    },
    "filePath": {
      "type": "string",
      "description": "An absolute file path like /etc/gai.conf: no empty, . or .. components, not /etc/resolv.conf or /etc/hosts (they have their own keys), nothing under /proc, /sys or /dev.",
      "pattern": "^(/[^/\\u0000]+)+$",
      "not": {
        "anyOf": [
          {"enum": ["/etc/resolv.conf", "/etc/hosts", "/proc", "/sys", "/dev"]},
          {"pattern": "^/(proc|sys|dev)/"},
          {"pattern": "/\\.\\.?(/|(?![\\s\\S]))"}
        ]
      },
      "patternErrorMessage": "Expected an absolute file path like /etc/gai.conf, without empty, . or .. components."
    },
    "server": {
      "type": "object",
      "description": "A scripted DNS server listening on UDP and TCP. Two servers may not share an address and port (resolvlab check reports that).",
      "required": ["address"],
      "additionalProperties": false,
      "properties": {
        "address": {
          "$ref": "#/$defs/ipAddress",
          "description": "Required. The server's IPv4 or IPv6 address; it is added to the sandbox's lo. Not the unspecified address, and not an IPv4-mapped IPv6 address (write the IPv4 address).",
          "not": {
            "anyOf": [
              {"enum": ["0.0.0.0", "::"]},
              {
                "pattern": "^::[Ff]{4}:(((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])|[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4})$"
              }
            ]
          }
        },
        "port": {
          "type": "integer",
          "minimum": 1,
          "maximum": 65535,
          "default": 53,
          "description": "Default 53. (glibc's resolv.conf can only name port 53; other ports are for dig -p.)"
        },
        "mode": {
          "enum": ["serve", "silent", "closed"],
          "default": "serve",
          "description": "serve (default) answers; silent reads and never answers, so the resolver waits for its timeout; closed has no listener at all, so UDP gets ICMP port unreachable and TCP a reset. A silent or closed server takes no records, rules or otherwise."
        },
        "records": {
          "type": "object",
          "description": "{ \"NAME\": { \"TYPE\": [values] } }. Types A, AAAA, CNAME, PTR, NS, TXT, MX (\"10 mail.example.\"), SRV (\"0 5 443 web.example.\"), SOA (\"ns. host. 1 3600 600 86400 60\"). A single value may be written without the array. An owner *.example. is a wildcard for every name below example. A CNAME is followed within the server's records and the whole chain returned in one answer.",
          "propertyNames": {
            "type": "string",
            "pattern": "^(\\*\\.)?[^*]+$",
            "description": "A domain name, or *.suffix. for a wildcard.",
            "patternErrorMessage": "Expected a domain name, or *.suffix. for a wildcard."
          },
          "additionalProperties": {"$ref": "#/$defs/recordSet"}
        },
        "rules": {
          "type": "array",
          "description": "Checked in order before the records; the first rule whose name, type and transport match (and whose times is not used up) decides.",
          "items": {"$ref": "#/$defs/rule"}
        },
        "otherwise": {
          "enum": ["nxdomain", "nodata", "servfail", "refused", "drop"],
          "default": "nxdomain",
          "description": "The reply for a name with no records: nxdomain (default), nodata, servfail, refused or drop (no answer)."
        }
      },
      "if": {
        "required": ["mode"],
        "properties": {"mode": {"enum": ["silent", "closed"]}}
      },
      "then": {"properties": {"records": false, "rules": false, "otherwise": false}}
    },
    "recordSet": {
      "type": "object",
      "minProperties": 1,
      "description": "The records of one owner name: record type → value or values. Types are A, AAAA, CNAME, PTR, NS, TXT, MX, SRV and SOA, in any letter case or as TYPEnnn (TYPE28 is AAAA). A type may appear once per name.",
      "properties": {
        "A": {"$ref": "#/$defs/recordsA"},
        "AAAA": {"$ref": "#/$defs/recordsAAAA"},
        "CNAME": {"$ref": "#/$defs/recordsCNAME"},
        "PTR": {"$ref": "#/$defs/recordsPTR"},
        "NS": {"$ref": "#/$defs/recordsNS"},
        "TXT": {"$ref": "#/$defs/recordsTXT"},
        "MX": {"$ref": "#/$defs/recordsMX"},
        "SRV": {"$ref": "#/$defs/recordsSRV"},
        "SOA": {"$ref": "#/$defs/recordsSOA"}
      },
      "patternProperties": {
        "^([Aa]|[Tt][Yy][Pp][Ee]0{0,4}1)$": {"$ref": "#/$defs/recordsA"},
        "^([Aa][Aa][Aa][Aa]|[Tt][Yy][Pp][Ee]0{0,3}28)$": {"$ref": "#/$defs/recordsAAAA"},
        "^([Cc][Nn][Aa][Mm][Ee]|[Tt][Yy][Pp][Ee]0{0,4}5)$": {"$ref": "#/$defs/recordsCNAME"},
        "^([Pp][Tt][Rr]|[Tt][Yy][Pp][Ee]0{0,3}12)$": {"$ref": "#/$defs/recordsPTR"},
        "^([Nn][Ss]|[Tt][Yy][Pp][Ee]0{0,4}2)$": {"$ref": "#/$defs/recordsNS"},
        "^([Tt][Xx][Tt]|[Tt][Yy][Pp][Ee]0{0,3}16)$": {"$ref": "#/$defs/recordsTXT"},
        "^([Mm][Xx]|[Tt][Yy][Pp][Ee]0{0,3}15)$": {"$ref": "#/$defs/recordsMX"},
        "^([Ss][Rr][Vv]|[Tt][Yy][Pp][Ee]0{0,3}33)$": {"$ref": "#/$defs/recordsSRV"},
        "^([Ss][Oo][Aa]|[Tt][Yy][Pp][Ee]0{0,4}6)$": {"$ref": "#/$defs/recordsSOA"}
      },
      "additionalProperties": false
    },
    "recordsA": {
      "description": "One value, or a non-empty array of values: A records, IPv4 addresses, like \"192.0.2.1\".",
      "anyOf": [{"$ref": "#/$defs/ipv4"}, {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/ipv4"}}]
    },
    "recordsAAAA": {
      "description": "One value, or a non-empty array of values: AAAA records, IPv6 addresses, like \"2001:db8::1\".",
      "anyOf": [{"$ref": "#/$defs/ipv6"}, {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/ipv6"}}]
    },
    "recordsCNAME": {
      "description": "One value, or a non-empty array of values: CNAME records, the canonical name. A name has at most one CNAME and no other records (RFC 1034 3.6.2); the schema cannot check that, `resolvlab check` does.",
      "anyOf": [
        {
          "type": "string",
          "pattern": "^[ \\t]*[^ \\t]+[ \\t]*$",
          "patternErrorMessage": "Expected one domain name for CNAME."
        },
        {
          "type": "array",
          "minItems": 1,
          "items": {
            "type": "string",
            "pattern": "^[ \\t]*[^ \\t]+[ \\t]*$",
            "patternErrorMessage": "Expected one domain name for CNAME."
          }
        }
      ]
    },
    "recordsPTR": {
      "description": "One value, or a non-empty array of values: PTR records, domain names.",
      "anyOf": [
        {
          "type": "string",
          "pattern": "^[ \\t]*[^ \\t]+[ \\t]*$",
          "patternErrorMessage": "Expected one domain name for PTR."
        },
        {
          "type": "array",
          "minItems": 1,
          "items": {
            "type": "string",
            "pattern": "^[ \\t]*[^ \\t]+[ \\t]*$",
            "patternErrorMessage": "Expected one domain name for PTR."
          }
        }
      ]
    },
    "recordsNS": {
      "description": "One value, or a non-empty array of values: NS records, domain names.",
      "anyOf": [
        {
          "type": "string",
          "pattern": "^[ \\t]*[^ \\t]+[ \\t]*$",
          "patternErrorMessage": "Expected one domain name for NS."
        },
        {
          "type": "array",
          "minItems": 1,
          "items": {
            "type": "string",
            "pattern": "^[ \\t]*[^ \\t]+[ \\t]*$",
            "patternErrorMessage": "Expected one domain name for NS."
          }
        }
      ]
    },
    "recordsTXT": {
      "description": "One value, or a non-empty array of values: TXT records, any text (split into 255-byte strings on the wire).",
      "anyOf": [{"type": "string"}, {"type": "array", "minItems": 1, "items": {"type": "string"}}]
    },
    "recordsMX": {
      "description": "One value, or a non-empty array of values: MX records, \"PREFERENCE EXCHANGE\", like \"10 mail.example.\".",
      "anyOf": [
        {
          "type": "string",
          "pattern": "^[ \\t]*[+-]?[0-9]+[ \\t]+[^ \\t]+[ \\t]*$",
          "patternErrorMessage": "Expected \"PREFERENCE EXCHANGE\" for MX."
        },
        {
          "type": "array",
          "minItems": 1,
          "items": {
            "type": "string",
            "pattern": "^[ \\t]*[+-]?[0-9]+[ \\t]+[^ \\t]+[ \\t]*$",
            "patternErrorMessage": "Expected \"PREFERENCE EXCHANGE\" for MX."
          }
        }
      ]
    },
    "recordsSRV": {
      "description": "One value, or a non-empty array of values: SRV records, \"PRIORITY WEIGHT PORT TARGET\", like \"0 5 443 web.example.\".",
      "anyOf": [
        {
          "type": "string",
          "pattern": "^[ \\t]*([+-]?[0-9]+[ \\t]+){3}[^ \\t]+[ \\t]*$",
          "patternErrorMessage": "Expected \"PRIORITY WEIGHT PORT TARGET\" for SRV."
        },
        {
          "type": "array",
          "minItems": 1,
          "items": {
            "type": "string",
            "pattern": "^[ \\t]*([+-]?[0-9]+[ \\t]+){3}[^ \\t]+[ \\t]*$",
            "patternErrorMessage": "Expected \"PRIORITY WEIGHT PORT TARGET\" for SRV."
          }
        }
      ]
    },
    "recordsSOA": {
      "description": "One value, or a non-empty array of values: SOA records, \"MNAME RNAME SERIAL REFRESH RETRY EXPIRE MINIMUM\", like \"ns. host. 1 3600 600 86400 60\".",
      "anyOf": [
        {
          "type": "string",
          "pattern": "^[ \\t]*[^ \\t]+[ \\t]+[^ \\t]+([ \\t]+[+-]?[0-9]+){5}[ \\t]*$",
          "patternErrorMessage": "Expected \"MNAME RNAME SERIAL REFRESH RETRY EXPIRE MINIMUM\" for SOA."
        },
        {
          "type": "array",
          "minItems": 1,
          "items": {
            "type": "string",
            "pattern": "^[ \\t]*[^ \\t]+[ \\t]+[^ \\t]+([ \\t]+[+-]?[0-9]+){5}[ \\t]*$",
            "patternErrorMessage": "Expected \"MNAME RNAME SERIAL REFRESH RETRY EXPIRE MINIMUM\" for SOA."
          }
        }
      ]
    },
    "rule": {
      "type": "object",
      "description": "A rule checked before the records. An empty rule changes nothing and is refused; a truncate rule cannot be limited to tcp.",
      "additionalProperties": false,
      "minProperties": 1,
      "properties": {
        "name": {
          "type": "string",
          "pattern": "^(\\*|(\\*\\.)?[^*]+)$",
          "description": "An exact name, *.suffix. for every name strictly below suffix, or * for any name.",
          "patternErrorMessage": "Expected a domain name, *.suffix. or *."
        },
        "type": {
          "type": "string",
          "pattern": "^[A-Za-z][A-Za-z0-9]*$",
          "examples": ["A", "AAAA", "CNAME", "MX", "TXT", "SRV", "PTR", "NS", "SOA", "ANY", "HTTPS", "TYPE65"],
          "description": "A record type mnemonic (A, AAAA, ...) or TYPEnnn; any type when omitted.",
          "patternErrorMessage": "Expected a record type like A, AAAA or TYPE65."
        },
        "transport": {"$ref": "#/$defs/transport"},
        "reply": {
          "enum": ["nxdomain", "nodata", "servfail", "refused", "drop", "truncate", "answer"],
          "default": "answer",
          "description": "nxdomain, nodata, servfail, refused, drop (no answer), truncate (UDP only: TC set, no records, so the client retries over TCP) or answer (the default: continue with the records)."
        },
        "delayMs": {
          "type": "integer",
          "minimum": 0,
          "maximum": 600000,
          "description": "Hold the reply back this many milliseconds."
        },
        "times": {
          "type": "integer",
          "minimum": 1,
          "maximum": 1000000,
          "description": "Apply the rule to this many matching queries only; every query when omitted."
        }
      },
      "not": {
        "required": ["reply", "transport"],
        "properties": {"reply": {"const": "truncate"}, "transport": {"const": "tcp"}}
      }
    },
    "transport": {
      "enum": ["udp", "tcp"],
      "description": "udp or tcp; either when omitted."
    },
    "lookup": {
      "description": "One lookup: exactly one of { \"getaddrinfo\": \"NAME\", ... } and { \"exec\": [\"COMMAND\", ...] }.",
      "oneOf": [{"$ref": "#/$defs/getaddrinfoLookup"}, {"$ref": "#/$defs/execLookup"}]
    },
    "getaddrinfoLookup": {
      "type": "object",
      "description": "getaddrinfo(3) called in the sandbox process itself. The hints ask for SOCK_STREAM, so each address is listed once.",
      "required": ["getaddrinfo"],
      "additionalProperties": false,
      "properties": {
        "getaddrinfo": {
          "type": "string",
          "minLength": 1,
          "description": "The name to look up."
        },
        "family": {
          "enum": ["unspec", "inet", "inet6"],
          "default": "unspec",
          "description": "The ai_family hint: unspec (default), inet or inet6."
        },
        "flags": {
          "type": "array",
          "uniqueItems": true,
          "description": "ai_flags by name; omitted means no flags (ai_flags = 0, so AAAA is asked even without IPv6).",
          "items": {"enum": ["addrconfig", "all", "canonname", "numerichost", "passive", "v4mapped"]}
        },
        "service": {
          "type": "string",
          "minLength": 1,
          "description": "The service argument, like \"443\"."
        },
        "expect": {"$ref": "#/$defs/getaddrinfoExpect"}
      },
      "if": {
        "required": ["expect"],
        "properties": {"expect": {"required": ["canonname"]}}
      },
      "then": {
        "required": ["flags"],
        "properties": {"flags": {"contains": {"const": "canonname"}}}
      }
    },
    "execLookup": {
      "type": "object",
      "description": "A command run inside the sandbox (searched on PATH), with the caller's environment minus LOCALDOMAIN, RES_OPTIONS and HOSTALIASES.",
      "required": ["exec"],
      "additionalProperties": false,
      "properties": {
        "exec": {
          "type": "array",
          "minItems": 1,
          "description": "The command and its arguments, like [\"getent\", \"ahosts\", \"example.com\"].",
          "prefixItems": [{"type": "string", "minLength": 1}],
          "items": {"type": "string"}
        },
        "expect": {"$ref": "#/$defs/execExpect"}
      }
    },
    "milliseconds": {"type": "integer", "minimum": 0, "maximum": 600000},
    "getaddrinfoExpect": {
      "type": "object",
      "description": "What the getaddrinfo call must return: addresses or error (not both), canonname, and bounds on how long it took. minMs must not exceed maxMs (resolvlab check verifies that).",
      "additionalProperties": false,
      "minProperties": 1,
      "properties": {
        "addresses": {
          "type": "array",
          "minItems": 1,
          "description": "The addresses in the order returned.",
          "items": {"$ref": "#/$defs/ipAddress"}
        },
        "error": {
          "enum": [
            "EAI_ADDRFAMILY",
            "EAI_AGAIN",
            "EAI_BADFLAGS",
            "EAI_FAIL",
            "EAI_FAMILY",
            "EAI_MEMORY",
            "EAI_NODATA",
            "EAI_NONAME",
            "EAI_OVERFLOW",
            "EAI_SERVICE",
            "EAI_SOCKTYPE",
            "EAI_SYSTEM"
          ],
          "description": "The EAI_* name getaddrinfo must fail with."
        },
        "canonname": {
          "type": "string",
          "minLength": 1,
          "description": "ai_canonname of the first result (needs the canonname flag)."
        },
        "minMs": {
          "$ref": "#/$defs/milliseconds",
          "description": "The lookup took at least this many milliseconds."
        },
        "maxMs": {
          "$ref": "#/$defs/milliseconds",
          "description": "The lookup took at most this many milliseconds."
        }
      },
      "not": {"required": ["addresses", "error"]}
    },
    "execExpect": {
      "type": "object",
      "description": "What the command must do: exit code, output, and bounds on how long it took. minMs must not exceed maxMs (resolvlab check verifies that).",
      "additionalProperties": false,
      "minProperties": 1,
      "properties": {
        "exitCode": {
          "type": "integer",
          "minimum": 0,
          "maximum": 255,
          "description": "The command's exit code."
        },
        "stdoutContains": {
          "description": "A string, or strings, that standard output must contain.",
          "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}, "minItems": 1}]
        },
        "minMs": {
          "$ref": "#/$defs/milliseconds",
          "description": "The lookup took at least this many milliseconds."
        },
        "maxMs": {
          "$ref": "#/$defs/milliseconds",
          "description": "The lookup took at most this many milliseconds."
        }
      }
    },
    "expect": {
      "type": "object",
      "description": "The queries that must appear on the wire, and how they are compared.",
      "additionalProperties": false,
      "minProperties": 1,
      "properties": {
        "queries": {
          "type": "array",
          "description": "Each \"TYPE NAME\", optionally followed by @SERVER (@10.96.0.10, @10.96.0.10:5353, @fd00::1, @[fd00::1]:5353) and/or udp/tcp, or an object { \"type\", \"name\", \"server\", \"transport\", \"flags\" }. Omitted parts match anything; * stands for any type or name. [] asserts that no query was sent at all.",
          "items": {"$ref": "#/$defs/query"}
        },
        "order": {
          "enum": ["exact", "subsequence", "unordered"],
          "default": "exact",
          "description": "exact (default: the observed sequence is exactly this one), subsequence (these, in this order, with anything in between) or unordered (the same queries in any order, nothing more). Needs queries."
        }
      },
      "dependentRequired": {"order": ["queries"]}
    },
    "query": {
      "description": "An expected query: a string \"TYPE NAME [@SERVER] [udp|tcp]\" or an object { \"type\", \"name\", \"server\", \"transport\", \"flags\" }.",
      "anyOf": [
        {
          "type": "string",
          "description": "\"TYPE NAME [@SERVER] [udp|tcp]\", like \"A example.com.\" or \"A big.example. @10.96.0.10 tcp\".",
          "pattern": "^[ \\t]*(\\*|[A-Za-z][A-Za-z0-9]*)[ \\t]+[^ \\t]+([ \\t]+@(\\[[0-9A-Fa-f:.]+\\]|[0-9A-Fa-f:.]+)(:\\+?[0-9]+)?([ \\t]+([Uu][Dd][Pp]|[Tt][Cc][Pp]))?|[ \\t]+([Uu][Dd][Pp]|[Tt][Cc][Pp])([ \\t]+@(\\[[0-9A-Fa-f:.]+\\]|[0-9A-Fa-f:.]+)(:\\+?[0-9]+)?)?)?[ \\t]*$",
          "patternErrorMessage": "Expected \"TYPE NAME [@SERVER] [udp|tcp]\", like \"A example.com.\" or \"AAAA example.com. @10.96.0.10 tcp\"."
        },
        {"$ref": "#/$defs/queryObject"}
      ]
    },
    "queryObject": {
      "type": "object",
      "description": "An expected query; omitted parts match anything.",
      "additionalProperties": false,
      "properties": {
        "type": {
          "type": "string",
          "pattern": "^(\\*|[A-Za-z][A-Za-z0-9]*)$",
          "examples": ["A", "AAAA", "CNAME", "MX", "TXT", "SRV", "PTR", "NS", "SOA", "ANY", "HTTPS", "*"],
          "description": "A record type mnemonic (A, AAAA, ...) or TYPEnnn, or * for any.",
          "patternErrorMessage": "Expected a record type like A, AAAA or TYPE65, or *."
        },
        "name": {
          "type": "string",
          "minLength": 1,
          "description": "A domain name, or * for any."
        },
        "server": {
          "type": "string",
          "description": "ADDRESS or ADDRESS:PORT ([v6]:PORT), like 10.96.0.10, 10.96.0.10:5353, fd00::1 or [fd00::1]:5353.",
          "anyOf": [
            {"$ref": "#/$defs/ipAddress"},
            {
              "pattern": "^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9]):\\+?[0-9]+$"
            },
            {"pattern": "^\\[[0-9A-Fa-f:.]+\\](:\\+?[0-9]+)?$"}
          ]
        },
        "transport": {"$ref": "#/$defs/transport"},
        "flags": {
          "type": "array",
          "description": "The exact set of header/EDNS flags the query carried: rd, ad, cd, edns0 (an OPT record), do. Any flags when omitted.",
          "items": {"enum": ["rd", "ad", "cd", "edns0", "do"]}
        }
      }
    }
  }
}

"""#
}
