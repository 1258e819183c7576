# InterServer traffic_usage {"name":...,"data":[{"name":"<ip> In","data":[[iso, B/s],...]},...],"history":{...}}
# -> usageconv's CSV columns. Times are passed through (the generated dump's are canonical ISO 8601
# UTC); the steps are the generator's (samples 60 s, history 3600 s and 86400 s), as usageconv infers them.
"time,source,resource,metric,direction,unit,step,value,quality",
(.name as $vps
 | (.data[] | (.name | split(" ")) as $n | .data[]
    | "\(.[0]),interserver,\($n[0]),bandwidth,\($n[1] | ascii_downcase),B/s,60,\(.[1]),measured"),
   (.history.hour.data[] | "\(.[0]),interserver,\($vps),traffic,total,B,3600,\(.[1]),measured"),
   (.history.day.data[] | "\(.[0]),interserver,\($vps),traffic,total,B,86400,\(.[1]),measured"))
