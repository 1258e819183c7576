# SwiftFederation [{"domain":..., "volumes":[{"timestamp":..., "value":...}]}] -> usageconv's CSV columns.
# Timestamps are passed through (the generated dump is already canonical ISO 8601 UTC).
"time,source,resource,metric,direction,unit,step,value,quality",
(.[] | .domain as $d | .volumes[] | "\(.timestamp),swiftfederation,\($d),traffic,out,B,300,\(.value),measured")
