-- GETs from a file of "token<TAB>path" lines, each thread going round the list from its own start.
-- args: file
function init(args)
   lines = {}
   for line in io.lines(args[1]) do
      local token, path = line:match("^(%S+)\t(.+)$")
      lines[#lines + 1] = {"Token " .. token, path}
   end
   position = (index * 7919) % #lines
end

function request()
   position = position % #lines + 1
   counter = counter + 1
   local line = lines[position]
   return wrk.format("GET", line[2], {["Authorization"] = line[1]})
end
