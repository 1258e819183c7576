# One small dump (Baishan {"code":0,"data":[[t,v],...]} or SwiftFederation [{"domain":...,"volumes":[...]}])
# -> usageconv's CSV rows, no header (the shell loop prints it once). The provider is picked by
# content, as usageconv does: an object is Baishan, an array SwiftFederation.
if type == "object" then
  (.data[] | "\(.[0] | todate),baishan,all,bandwidth,out,bit/s,300,\(.[1]),measured")
else
  (.[] | .domain as $d | .volumes[] | "\(.timestamp),swiftfederation,\($d),traffic,out,B,300,\(.value),measured")
end
