-- POST /api/scans/: every request a new (label, phase). Thread t writes labels
-- first + t * stride ..., all four phases of a label in turn; drivers in turn.
-- args: first_label stride distribution store token...
function init(args)
   first = tonumber(args[1])
   stride = tonumber(args[2])
   distribution = args[3]
   store = args[4]
   tokens = {}
   for i = 5, #args do
      tokens[#tokens + 1] = "Token " .. args[i]
   end
end

function request()
   local label = first + index * stride + math.floor(counter / 4)
   local phase = counter % 4
   local authorization = tokens[(counter % #tokens) + 1]
   counter = counter + 1
   local body = string.format('{"label": %d, "phase": %d, "distribution": %s, "store": %s, '
         .. '"label_coordinate": {"x": 0.5, "y": 0.25}}', label, phase, distribution, store)
   return wrk.format("POST", "/api/scans/", {["Authorization"] = authorization, ["Content-Type"] = "application/json"}, body)
end
