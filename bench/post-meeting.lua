-- wrk script of bench/api-post-meeting.sh: POST /meetings, a new id per request.
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_tag", "t" .. threads)
end

local counter = 0

function request()
  counter = counter + 1
  local id = "post-" .. thread_tag .. "-" .. counter
  local body = '{"id": "' .. id .. '", "meetingName": "Bench ' .. id ..
      '", "useHomeRoom": true, "startDate": "2099-06-01 10:00",' ..
      ' "owner": {"email": "owner@bench.example", "fullName": "Olga Owner"}}'
  local headers = {}
  for name, value in pairs(wrk.headers) do headers[name] = value end  -- the token of -H
  headers["Content-Type"] = "application/json"
  return wrk.format("POST", nil, headers, body)
end
