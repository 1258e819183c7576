# Baishan {"code":0,"data":[[unix_time, value], ...]} -> usageconv's CSV columns.
# jq 1.6 holds the whole document in memory and prints numbers as doubles (shortest text).
"time,source,resource,metric,direction,unit,step,value,quality",
(.data[] | "\(.[0] | todate),baishan,all,bandwidth,out,bit/s,300,\(.[1]),measured")
