-- Runs inside `nvim --headless --clean` (Neovim 0.7 or later): starts the bundled language server
-- with the built-in LSP client, opens a report, waits for its diagnostics and writes them as JSON
-- for test/unit/neovim.test.ts to check. Inputs come from the environment:
--   AAR_SERVER  path of dist/server.js     AAR_FILE  the report to open
--   AAR_ROOT    the workspace folder       AAR_OUT   where to write the JSON
--   AAR_TODAY   the date overdue checks use (optional)
local server = assert(os.getenv('AAR_SERVER'), 'AAR_SERVER is not set')
local file = assert(os.getenv('AAR_FILE'), 'AAR_FILE is not set')
local root = assert(os.getenv('AAR_ROOT'), 'AAR_ROOT is not set')
local out = assert(os.getenv('AAR_OUT'), 'AAR_OUT is not set')
local today = os.getenv('AAR_TODAY')

local encode = (vim.json and vim.json.encode) or vim.fn.json_encode

local function write_result(result)
  local handle = assert(io.open(out, 'w'))
  handle:write(encode(result))
  handle:close()
end

local exit_info = nil
local server_info = nil

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()

  local client_id = vim.lsp.start_client({
    name = 'aar',
    -- As docs/other-editors.md starts it, with the Node options of server/nodeOptions.json.
    cmd = { 'node', '--expose-gc', '--v8-pool-size=0', server, '--stdio' },
    root_dir = root,
    -- Answers the server's workspace/configuration request for the `afterActionReports` section.
    settings = { afterActionReports = { today = today } },
    on_init = function(_, initialize_result)
      server_info = initialize_result and initialize_result.serverInfo
    end,
    on_exit = function(code, signal)
      exit_info = { code = code, signal = signal }
    end,
  })
  if not client_id then
    error('vim.lsp.start_client did not start the server')
  end
  vim.lsp.buf_attach_client(bufnr, client_id)

  local received = vim.wait(30000, function()
    return #vim.diagnostic.get(bufnr) > 0 or exit_info ~= nil
  end, 50)

  local diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = (d.user_data and d.user_data.lsp) or {}
    table.insert(diagnostics, {
      lnum = d.lnum,
      col = d.col,
      end_lnum = d.end_lnum,
      severity = d.severity,
      message = d.message,
      source = d.source,
      -- Neovim 0.8+ copies the code to the diagnostic itself; 0.7 keeps it in user_data.lsp.
      code = d.code or lsp.code,
    })
  end

  local client = vim.lsp.get_client_by_id(client_id)
  write_result({
    nvim = tostring(vim.version().major) .. '.' .. tostring(vim.version().minor) .. '.' .. tostring(vim.version().patch),
    filetype = vim.bo[bufnr].filetype,
    timed_out = not received,
    server_exit = exit_info,
    server_name = server_info and server_info.name or vim.NIL,
    diagnostics = diagnostics,
  })
  if client then
    client.stop()
    vim.wait(5000, function()
      return exit_info ~= nil
    end, 50)
  end
end)

if not ok then
  write_result({ error = tostring(err) })
end
vim.cmd('qall!')
